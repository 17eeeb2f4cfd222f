package org.scimbridge.bridge.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        int port = BridgeProcess.freePort();
        List<String> command = BridgeProcess.javaCommand(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorServer.class.getName(),
                bridgeConfig.toString(), Integer.toString(port), baseDn, String.join(",", attributes)));
        Path log = Files.createTempFile("bench-floor", ".log");
        Process process = new ProcessBuilder(command).directory(bridgeConfig.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        String baseUrl = "http://127.0.0.1:" + port;
        BridgeProcess.awaitOk(process, HttpRequest.newBuilder(URI.create(baseUrl + "/floor/Users?uid=" + probeUid))
                .timeout(Duration.ofSeconds(5)).build(), log, "the floor server");
        return new FloorProcess(process, baseUrl, log);
    }

    String baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
    }

    long cpuNanos() {
        return Resources.cpuNanos(process.pid());
    }

    @Override
    public void close() throws Exception {
        BridgeProcess.stop(process);
        Files.deleteIfExists(log);
    }
}
