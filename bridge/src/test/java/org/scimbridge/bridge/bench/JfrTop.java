package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A short summary of the {@code jdk.ExecutionSample} events of JFR recordings ({@code MembershipBenchmark --jfr DIR}
 * writes one per bridge phase): samples per thread kind, per code layer (inclusive), the hottest methods by self
 * time and the bridge's own methods by inclusive time. Usage: {@code JfrTop [--top N] FILE.jfr...}.
 */
public final class JfrTop {

    private static final String[][] LAYERS = {
        {"benchmark client (java.net.http)", "jdk.internal.net.http.", "java.net.http.", "org.scimbridge.bridge.bench."},
        {"Helidon webserver", "io.helidon."},
        {"bridge (org.scimbridge)", "org.scimbridge."},
        {"Jackson", "com.fasterxml.jackson."},
        {"UnboundID LDAP SDK", "com.unboundid."},
    };

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        int top = 25;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--top")) {
                top = Integer.parseInt(args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> bridgeInclusive = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (Path file : files) {
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                threads.merge(threadKind(event.getThread("sampledThread")), 1, Integer::sum);
                if (!frames.isEmpty()) {
                    self.merge(name(frames.getFirst()), 1, Integer::sum);
                }
                Set<String> seenLayers = new LinkedHashSet<>();
                Set<String> seenBridge = new LinkedHashSet<>();
                for (RecordedFrame frame : frames) {
                    String name = name(frame);
                    seenLayers.add(layer(name));
                    if (name.startsWith("org.scimbridge.") && !name.startsWith("org.scimbridge.bridge.bench.")) {
                        seenBridge.add(name);
                    }
                }
                seenLayers.forEach(l -> layers.merge(l, 1, Integer::sum));
                seenBridge.forEach(m -> bridgeInclusive.merge(m, 1, Integer::sum));
            }
        }
        System.out.printf("%,d execution samples in %d file(s)%n", samples, files.size());
        print("samples by thread", threads, samples, top);
        print("samples by layer (inclusive: a sample counts for every layer on its stack)", layers, samples, top);
        print("hottest methods (self)", self, samples, top);
        print("bridge methods (inclusive)", bridgeInclusive, samples, top);
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getValue(), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String layer(String method) {
        for (String[] layer : LAYERS) {
            for (int i = 1; i < layer.length; i++) {
                if (method.startsWith(layer[i])) {
                    return layer[0];
                }
            }
        }
        return "JDK and other";
    }

    private static String threadKind(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        String name = thread.getJavaName() == null ? "" : thread.getJavaName();
        if (thread.isVirtual() || name.isEmpty()) {
            return "virtual threads (Helidon request handlers)";
        }
        return name.replaceAll("\\d+", "N");
    }
}
