package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * {@code scim-bridge serve} as systemd runs it: the packaged jar in its own JVM against slapd, with {@code $NOTIFY_SOCKET}
 * pointing at a Unix datagram socket the test reads (through python3, as Java cannot bind one), then SIGHUP and SIGTERM.
 * The tests run in order over one process: ready, reload on SIGHUP, reload on change, stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeProcessIT {

    /** Receives sd_notify datagrams and prints each on one line. recv() takes no ancillary data, so the kernel closes
     *  the file descriptor systemd-notify passes for its barrier, as systemd does once it processed the message. */
    private static final String RECEIVER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[1])
            print("bound", flush=True)
            while True:
                print(s.recv(4096).decode().replace("\\n", " "), flush=True)
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> datagrams = new CopyOnWriteArrayList<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Path folder;
    private Process receiver;
    private Process bridge;
    private String url;
    private Path config;

    @BeforeAll
    void startBridge() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        folder = Files.createTempDirectory("serve-process-it");
        Path socket = folder.resolve("notify");
        receiver = new ProcessBuilder("python3", "-c", RECEIVER, socket.toString()).redirectErrorStream(true).start();
        collect(receiver.getInputStream(), datagrams);
        await(datagrams, "bound"::equals, "the notify socket is bound");

        Files.writeString(folder.resolve("bind-password"), slapd.adminPassword());
        writeTokens("okta", "first-token");
        Path config = Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                  shutdownGrace: 5s
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  poolSize: 2
                mapping: %s
                tokens: tokens.yaml
                audit:
                  file: audit.log
                """.formatted(slapd.url(), slapd.adminDn(),
                Path.of(System.getProperty("config.dir"), "openldap.yaml").toAbsolutePath()));
        String java = ProcessHandle.current().info().command().orElse("java");
        this.config = config;
        // systemd starts a service with SIGHUP at its default; a build started under nohup hands an ignored SIGHUP down
        // to every child (POSIX exec), which the JVM cannot undo: env resets it, then execs the JVM (same pid).
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=HUP", java, "-jar",
                Path.of("target", "scim-bridge.jar").toString(), "serve", "--config", config.toString()).redirectErrorStream(true);
        builder.environment().put("NOTIFY_SOCKET", socket.toString());
        bridge = builder.start();
        collect(bridge.getInputStream(), output);
        String listening = await(output, l -> l.startsWith("scim-bridge: listening on "), "the bridge listens");
        url = listening.substring("scim-bridge: listening on ".length(), listening.indexOf(" for "));
    }

    @AfterAll
    void stopAll() {
        if (bridge != null) {
            bridge.destroyForcibly();
        }
        if (receiver != null) {
            receiver.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void theJvmReportsReadyToSystemdOnceItListens() throws Exception {
        String ready = await(datagrams, d -> d.contains("READY=1"), "READY=1");
        assertTrue(ready.contains("MAINPID=" + bridge.pid()), "the JVM names itself as the main process: " + ready);
        assertTrue(ready.contains("STATUS=listening on " + url), ready);
        assertEquals(401, get("/ServiceProviderConfig", "no-such-token").statusCode());
    }

    @Test
    @Order(2)
    void sighupReloadsTheTokensAndTheServiceKeepsRunning() throws Exception {
        writeTokens("entra", "second-token");
        signal("HUP");
        await(output, l -> l.contains("tokens reloaded: 1 tokens (SIGHUP)"), "the SIGHUP reload is logged");
        await(datagrams, d -> d.contains("STATUS=listening on " + url) && d.contains("; tokens reloaded"), "the new status");
        assertTrue(bridge.isAlive(), "SIGHUP does not stop the JVM");
        assertEquals(200, get("/ServiceProviderConfig", "second-token").statusCode());
        assertEquals(401, get("/ServiceProviderConfig", "first-token").statusCode());
    }

    @Test
    @Order(3)
    void anEditedTokenFileIsPickedUpWithoutASignal() throws Exception {
        writeTokens("onelogin", "third-token");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (get("/ServiceProviderConfig", "third-token").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the new token is not accepted within 60 s: " + output);
            Thread.sleep(50);
        }
        assertEquals(401, get("/ServiceProviderConfig", "second-token").statusCode(), "the removed token is refused");
        await(output, l -> l.contains("tokens reloaded: 1 tokens (the token file changed)"), "the reload is logged");
    }

    @Test
    @Order(4)
    void sigtermStopsGracefullyAndTellsSystemd() throws Exception {
        // kill, not Process.destroy(): destroy closes our end of the process's output, and its last lines are the point.
        signal("TERM");
        assertTrue(bridge.waitFor(60, TimeUnit.SECONDS), "the bridge exits after SIGTERM");
        assertEquals(143, bridge.exitValue(), "128 + SIGTERM, the unit's SuccessExitStatus");
        await(datagrams, d -> d.contains("STOPPING=1"), "STOPPING=1");
        await(output, "scim-bridge: stopped"::equals, "the stop completes: " + output);
        assertTrue(output.contains("scim-bridge: stopping; requests in flight get up to 5000 ms to finish"), output.toString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Under nohup (or anything that ignores SIGHUP) the JVM cannot handle it; the bridge says so instead of failing silently. */
    @Test
    @Order(5)
    void aBridgeStartedWithSighupIgnoredSaysThatReloadNeedsTheTokenFile() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process ignoring = new ProcessBuilder("sh", "-c", "trap '' HUP; exec \"$0\" -jar target/scim-bridge.jar serve --config \"$1\"",
                java, config.toString()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        collect(ignoring.getInputStream(), lines);
        try {
            await(lines, l -> l.startsWith("scim-bridge: SIGHUP is ignored"), "the warning about an ignored SIGHUP");
        } finally {
            ignoring.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void signal(String name) throws Exception {
        assertEquals(0, new ProcessBuilder("sh", "-c", "kill -" + name + " " + bridge.pid()).start().waitFor(), "kill -" + name);
    }

    private void writeTokens(String name, String secret) throws IOException {
        Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: " + name + "\n    sha256: "
                + HexFormat.of().formatHex(TokenStore.sha256(secret)) + "\n");
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)).lines()
                .forEach(lines::add), "process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Polls for a line; the bound only keeps a broken build from hanging. */
    private static String await(List<String> lines, Predicate<String> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 60 s: " + what + "; lines: " + lines);
    }
}
