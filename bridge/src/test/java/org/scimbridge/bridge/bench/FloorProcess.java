package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link FloorServer} in its own JVM, with the bridge's JVM options and its configuration's directory section. */
final class FloorProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;
    private final Path log;

    private FloorProcess(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** Starts it and waits until it answers a lookup of {@code probeUid}. */
    static FloorProcess start(Path bridgeConfig, String baseDn, String[] attributes, List<String> jvmOptions, String probeUid)
            throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorServer.class.getName(),
                bridgeConfig.toString(), Integer.toString(port), baseDn, String.join(",", attributes)));
        Path log = Files.createTempFile("bench-floor", ".log");
        Process process = new ProcessBuilder(command).directory(bridgeConfig.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        String baseUrl = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest first = HttpRequest.newBuilder(URI.create(baseUrl + "/floor/Users?uid=" + probeUid))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(first, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new FloorProcess(process, baseUrl, log);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the floor server did not answer; its log:\n" + Files.readString(log));
            }
            Thread.sleep(10);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    double jitSeconds() throws IOException, InterruptedException {
        return BridgeProcess.jitSeconds(process.pid());
    }

    long cpuNanos() {
        return Resources.cpuNanos(process.pid());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
