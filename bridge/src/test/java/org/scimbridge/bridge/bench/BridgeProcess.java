package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The bridge as the appliance runs it: its own JVM from the packaged jar ({@code scim-bridge serve --config}), with the
 * systemd unit's heap options, an audit file, the shipped OpenLDAP mapping, and the per-token rate limit off (a load
 * test is not an IdP misbehaving). The audit file is in a folder of its own, as the appliance keeps it in
 * /var/log/scim-bridge: in the token file's folder every audit record would wake the token file's watcher. Gives its start-up time, CPU, heap (from its own /metrics) and resident memory.
 */
final class BridgeProcess implements AutoCloseable {

    static final String TOKEN = "directory-benchmark-token";

    private final Process process;
    private final String baseUrl;
    private final Duration startup;
    private final Path folder;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private BridgeProcess(Process process, String baseUrl, Duration startup, Path folder) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.startup = startup;
        this.folder = folder;
    }

    /**
     * Writes the configuration, starts the JVM and waits for the first answered SCIM request: the start-up time runs from
     * the process's launch to that answer.
     */
    static BridgeProcess start(Path jar, Path mapping, SlapdServer slapd, int poolSize, List<String> jvmOptions)
            throws Exception {
        Path folder = Files.createTempDirectory("bench-bridge");
        Files.writeString(folder.resolve("bind-password"), slapd.adminPassword() + "\n");
        Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: bench\n    sha256: "
                + HexFormat.of().formatHex(TokenStore.sha256(TOKEN)) + "\n");
        int port = freePort();
        Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  host: 127.0.0.1
                  port: %d
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  poolSize: %d
                mapping: %s
                tokens: tokens.yaml
                audit:
                  file: log/audit.log
                limits:
                  requestsPerSecond: 0
                  authFailures: 0
                paging:
                  sortedCursors: true
                  maxCursors: %d
                """.formatted(port, slapd.url(), slapd.adminDn(), poolSize, mapping.toAbsolutePath(), poolSize));
        List<String> command = javaCommand(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--config",
                folder.resolve("bridge.yaml").toString()));
        String baseUrl = "http://127.0.0.1:" + port;
        HttpRequest first = HttpRequest.newBuilder(URI.create(baseUrl + "/scim/v2/Users?count=1"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build();
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("bridge.log").toFile()).start();
        awaitOk(process, first, folder.resolve("bridge.log"), "the bridge");
        Duration startup = Duration.ofNanos(System.nanoTime() - launched);
        return new BridgeProcess(process, baseUrl, startup, folder);
    }

    /** A loopback port free a moment ago, for a server JVM about to start. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** {@code java} of this JDK with {@code jvmOptions}, to which the caller adds what to run. */
    static List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        return command;
    }

    /**
     * Waits (up to 60 s) until {@code request} to the freshly started {@code process} answers 200; a process that exits or
     * does not answer in time is killed and named in the exception, with its log.
     */
    static void awaitOk(Process process, HttpRequest request, Path log, String name) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not answer; its log:\n" + Files.readString(log));
            }
            Thread.sleep(2);
        }
    }

    /** SIGTERM, the graceful stop; SIGKILL after 20 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The bridge's configuration file ({@link FloorServer} reads its {@code directory} section). */
    Path configFile() {
        return folder.resolve("bridge.yaml");
    }

    Duration startup() {
        return startup;
    }

    long pid() {
        return process.pid();
    }

    long cpuNanos() {
        return Resources.cpuNanos(process.pid());
    }

    /** Resident memory now and at its peak ({@code VmRSS}, {@code VmHWM}), in bytes. */
    long[] residentBytes() {
        return new long[] {Resources.statusBytes(process.pid(), "VmRSS"), Resources.statusBytes(process.pid(), "VmHWM")};
    }

    /** The bridge's Prometheus text. */
    String metrics() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            List<String> log = Files.readAllLines(folder.resolve("bridge.log"));
            throw new IllegalStateException("the bridge exited with " + process.exitValue() + "; the end of its log:\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
        }
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a metric's samples whose line contains {@code labelPart} (e.g. {@code area="heap"}). */
    static double sum(String metrics, String name, String labelPart) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.contains(labelPart)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Heap in use after a full collection, asked for with {@code jcmd <pid> GC.run}: what the bridge keeps. */
    long heapAfterFullGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(30, TimeUnit.SECONDS);
        return (long) sum(metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** Seconds the JIT compilers of the JVM {@code pid} spent so far ({@code jstat -compiler <pid>}, its "Time" column). */
    static double jitSeconds(long pid) throws IOException, InterruptedException {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        Process stat = new ProcessBuilder(jstat.toString(), "-compiler", Long.toString(pid)).redirectErrorStream(true)
                .start();
        String[] lines = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                .split("\n");
        stat.waitFor(30, TimeUnit.SECONDS);
        String[] header = lines[0].strip().split("\\s+");
        String[] values = lines[lines.length - 1].strip().split("\\s+");
        for (int i = 0; i < header.length && i < values.length; i++) {
            if (header[i].equals("Time")) {
                return Double.parseDouble(values[i]);
            }
        }
        throw new IllegalStateException("jstat -compiler gave no Time column: " + String.join(" / ", lines));
    }

    /** LDAP operations the bridge issued so far, all kinds. */
    double ldapOperations() throws IOException, InterruptedException {
        return sum(metrics(), "scim_bridge_ldap_operations_seconds_count", "");
    }

    Path auditLog() {
        return folder.resolve("log/audit.log");
    }

    private long auditOffset;

    /**
     * The audit records written since the last call whose status is not 2xx/3xx, counted by status and operation
     * (e.g. {@code 503 GET-User}), with the first record's detail: wrk counts failed answers but cannot say which.
     */
    java.util.Map<String, Long> failuresSinceLastCall() throws IOException {
        java.util.Map<String, Long> failures = new java.util.TreeMap<>();
        Path log = auditLog();
        if (!Files.exists(log)) {
            return failures;
        }
        try (var channel = java.nio.channels.FileChannel.open(log)) {
            long size = channel.size();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - auditOffset));
            channel.read(buffer, auditOffset);
            auditOffset = size;
            for (String line : new String(buffer.array(), StandardCharsets.UTF_8).split("\n")) {
                java.util.regex.Matcher status = java.util.regex.Pattern.compile(" status=\"(\\d+)\"").matcher(line);
                if (status.find() && Integer.parseInt(status.group(1)) >= 400) {
                    String[] fields = line.split(" ", 7);
                    String key = status.group(1) + " " + (fields.length > 5 ? fields[5] : "?");
                    java.util.regex.Matcher result = java.util.regex.Pattern.compile(" ldapResult=\"([^\"]*)\"").matcher(line);
                    failures.merge(key + (result.find() ? " (" + result.group(1) + ")" : ""), 1L, Long::sum);
                }
            }
        }
        return failures;
    }

    @Override
    public void close() throws Exception {
        stop(process);
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
