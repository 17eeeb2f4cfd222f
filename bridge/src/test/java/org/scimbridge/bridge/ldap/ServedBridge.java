package org.scimbridge.bridge.ldap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPInterface;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * A bridge started as {@code serve} starts it, from a YAML file through {@link ServeCommand#start}: the pool, TLS, health
 * checks, readiness and the 503 handling are the production ones. The mapping is {@code config/openldap.yaml}.
 */
final class ServedBridge implements AutoCloseable {

    static final String SERVICE_DN = "cn=scim-bridge," + SlapdServer.BASE_DN;
    private static final String SERVICE_PASSWORD = "bridge-service-secret";

    private final BridgeHarness harness;
    private final String root;
    private final String messages;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServedBridge(BridgeHarness harness, String root, String messages) {
        this.harness = harness;
        this.root = root;
        this.messages = messages;
    }

    /**
     * Adds the bridge's least-privilege account ({@value #SERVICE_DN}, which the test slapd's access rules let write users
     * and groups) with the same password everywhere, as replicas of one directory have it.
     */
    static void addServiceAccount(SlapdServer slapd) throws Exception {
        try (LDAPConnection admin = slapd.connect()) {
            admin.add("dn: " + SERVICE_DN, "objectClass: applicationProcess", "objectClass: simpleSecurityObject",
                    "cn: scim-bridge", "userPassword: " + SERVICE_PASSWORD);
        }
    }

    /**
     * The bridge.yaml ({@link SlapdBridge}'s files) of a bridge on {@code urls}, bound as {@value #SERVICE_DN}, with
     * {@code directoryKeys} (indented lines).
     */
    static Path config(Path folder, List<String> urls, String directoryKeys) throws IOException {
        return SlapdBridge.configure(folder, urls, SERVICE_DN, SERVICE_PASSWORD, "", directoryKeys.replaceAll("(?m)^  ", ""),
                """
                # Failover and outage tests load the bridge from several clients; RateLimitIT tests the limits.
                requestsPerSecond: 0
                """, Map.of()).resolve("bridge.yaml");
    }

    /** Starts the bridge of {@code configFile}; what start-up prints (warnings) is kept for {@link #messages()}. */
    static ServedBridge start(Path configFile, LDAPInterface admin) {
        BridgeConfig config = BridgeConfigLoader.load(configFile);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BridgeServer server;
        try (PrintStream messages = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            server = ServeCommand.start(config, configFile.toString(), messages);
        }
        BridgeHarness harness = new BridgeHarness(server, admin, config.mapping());
        String base = harness.baseUrl();
        return new ServedBridge(harness, base.substring(0, base.length() - BaseUrl.SCIM_PATH.length()),
                printed.toString(StandardCharsets.UTF_8));
    }

    BridgeHarness harness() {
        return harness;
    }

    /** What start-up printed to the operational log. */
    String messages() {
        return messages;
    }

    /** {@code GET /health/ready}, without a token, as a load balancer asks. */
    Response ready() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/health/ready")).timeout(Duration.ofSeconds(60)).GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls {@code request} until its response satisfies {@code condition}; fails after {@code within}. */
    static Response await(java.util.function.Supplier<Response> request, Predicate<Response> condition, Duration within,
                          String what) {
        long deadline = System.nanoTime() + within.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = request.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(what + " not within " + within + "; last response: " + (last == null ? "none"
                : last.status() + " " + last.body()));
    }

    @Override
    public void close() {
        harness.close();
    }

    /** Removes a test's scratch folder. */
    static void deleteTree(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
