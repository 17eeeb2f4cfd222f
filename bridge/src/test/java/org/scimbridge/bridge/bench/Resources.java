package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU, allocation and heap readings for one phase: the slapd process's CPU from {@code /proc/<pid>/stat} (it runs beside
 * this JVM on the same cores), this JVM's CPU and the bytes all its threads allocated (virtual threads count on their
 * carriers), the GC count and the JIT compilers' time (on two cores, C2 compiling competes with the measured work).
 */
final class Resources {

    /** One reading; differences of two give a phase's cost. */
    record Reading(long slapdCpuNanos, long jvmCpuNanos, long allocatedBytes, long gcCount, long jitMillis,
                   Map<String, TaskCpu> tasks) {
        /**
         * The difference; per thread, so a thread that ended meanwhile (the HTTP client's idle workers do) drops out
         * instead of taking its earlier CPU with it.
         */
        Reading minus(Reading earlier) {
            Map<String, TaskCpu> delta = new HashMap<>();
            tasks.forEach((tid, now) -> delta.put(tid, new TaskCpu(now.group(),
                    now.nanos() - Optional.ofNullable(earlier.tasks.get(tid)).map(TaskCpu::nanos).orElse(0L))));
            return new Reading(slapdCpuNanos - earlier.slapdCpuNanos, jvmCpuNanos - earlier.jvmCpuNanos,
                    allocatedBytes - earlier.allocatedBytes, gcCount - earlier.gcCount, jitMillis - earlier.jitMillis, delta);
        }

        /** CPU by thread role. */
        Map<ThreadGroup, Long> threadCpuNanos() {
            Map<ThreadGroup, Long> cpu = new EnumMap<>(ThreadGroup.class);
            for (ThreadGroup group : ThreadGroup.values()) {
                cpu.put(group, 0L);
            }
            tasks.values().forEach(task -> cpu.merge(task.group(), task.nanos(), Long::sum));
            return cpu;
        }
    }

    /** One thread's CPU (user + system) and role. */
    record TaskCpu(ThreadGroup group, long nanos) {
    }

    /**
     * This JVM's threads by role, from their OS names (15 characters at most): where a PATCH's CPU goes. The virtual
     * threads Helidon runs each request on (the bridge's code included) run on the ForkJoinPool-N-worker carriers.
     */
    enum ThreadGroup {
        SERVER("Helidon + bridge (virtual-thread carriers)"), CLIENT("HTTP client (java.net.http)"),
        LOOP("benchmark loop (main)"), LDAP("LDAP SDK connection readers"), JIT("JIT compilers"), GC("GC"), OTHER("other");

        private final String label;

        ThreadGroup(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static ThreadGroup of(String osName) {
            if (osName.startsWith("ForkJoinPool-") || osName.startsWith("helidon")) {
                return SERVER;
            }
            if (osName.startsWith("HttpClient") || osName.startsWith("ForkJoinPool.co")) {
                return CLIENT; // the client completes its futures in the common pool
            }
            if (osName.equals("java") || osName.equals("main")) {
                return LOOP;
            }
            if (osName.startsWith("Connection read")) {
                return LDAP;
            }
            if (osName.contains("CompilerThre")) {
                return JIT;
            }
            if (osName.startsWith("GC ") || osName.startsWith("G1 ") || osName.equals("VM Thread")) {
                return GC;
            }
            return OTHER;
        }
    }

    private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

    private final Path slapdStat;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    Resources(long slapdPid) {
        this.slapdStat = Path.of("/proc", Long.toString(slapdPid), "stat");
    }

    /** The pid slapd wrote to its pid file in the instance folder (SlapdServer's config names it slapd.pid). */
    static long slapdPid(Path instanceFolder) throws IOException {
        return Long.parseLong(Files.readString(instanceFolder.resolve("slapd.pid")).strip());
    }

    Reading read() {
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        return new Reading(slapdCpuNanos(), os.getProcessCpuTime(), threads.getTotalThreadAllocatedBytes(), gcs,
                jit == null ? 0 : jit.getTotalCompilationTime(), tasks());
    }

    /** Heap in use after a full collection: what the process keeps, not what it has not collected yet. */
    static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** User + system CPU of another process (0 once it is gone). */
    static long cpuNanos(long pid) {
        try {
            return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A memory figure of {@code /proc/<pid>/status} such as {@code VmRSS} or {@code VmHWM}, in bytes (0 when unknown). */
    static long statusBytes(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or the process is gone
        }
        return 0;
    }

    private long slapdCpuNanos() {
        try {
            return cpuNanos(Files.readString(slapdStat, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU of this JVM's live threads, by thread id (/proc/self/task/<tid>). */
    private Map<String, TaskCpu> tasks() {
        Map<String, TaskCpu> tasks = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : dirs) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    tasks.put(task.getFileName().toString(), new TaskCpu(ThreadGroup.of(name), cpuNanos(stat)));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: the split stays empty
        }
        return tasks;
    }

    private static long cpuNanos(String stat) {
        // Fields after the command (in parentheses, may hold spaces): state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
