package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;

/**
 * The stop that SIGTERM triggers ({@link BridgeServer#close()}, which the shutdown hook calls) while a request is in
 * flight. The directory holds the request's search until the test lets it go, so "in flight" does not depend on timing.
 */
class GracefulShutdownIT {

    private static final String TOKEN = "shutdown-test-token";
    private static final String SLOW_FILTER = "/Users?filter=userName%20eq%20%22slowpoke%22";

    @TempDir
    Path folder;

    private final CountDownLatch searchArrived = new CountDownLatch(1);
    private final CountDownLatch releaseSearch = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InMemoryDirectoryServer directory;
    private Path auditFile;

    @BeforeEach
    void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(DemoDirectory.schema());
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                if (request.getRequest().getFilter().toString().contains("slowpoke")) {
                    searchArrived.countDown();
                    try {
                        releaseSearch.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.startListening();
        auditFile = folder.resolve("audit.log");
    }

    @AfterEach
    void stopDirectory() {
        releaseSearch.countDown();
        directory.shutDown(true);
    }

    @Test
    void aRequestInFlightFinishesWith200AndIsAuditedWhileNewConnectionsAreRefused() throws Exception {
        BridgeServer server = startBridge(Duration.ofSeconds(30));
        int port = server.port();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(slowRequest(port),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(searchArrived.await(30, TimeUnit.SECONDS), "the request reached the directory");

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);
        awaitRefused(port);
        // Held past Helidon's default grace (0.5 s): only the configured one keeps the request alive this long.
        Thread.sleep(1500);
        assertFalse(stopped.isDone(), "the stop waits for the request in flight");

        releaseSearch.countDown();
        HttpResponse<String> finished = response.get(30, TimeUnit.SECONDS);
        assertEquals(200, finished.statusCode(), finished.body());
        assertTrue(finished.body().contains("\"totalResults\":0"), finished.body());
        stopped.get(30, TimeUnit.SECONDS);
        String audit = Files.readString(auditFile, StandardCharsets.UTF_8);
        assertTrue(audit.contains("path=\"/scim/v2/Users\"") && audit.contains("status=\"200\""), audit);
    }

    @Test
    void aRequestOutlastingTheGraceIsCutOffAndTheStopStillEnds() throws Exception {
        BridgeServer server = startBridge(Duration.ofMillis(500));
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(slowRequest(server.port()),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(searchArrived.await(30, TimeUnit.SECONDS), "the request reached the directory");

        CompletableFuture.runAsync(server::close).get(60, TimeUnit.SECONDS);
        // Cut off: the interrupted handler may still get an error response out before its connection is closed.
        try {
            HttpResponse<String> late = response.get(30, TimeUnit.SECONDS);
            assertTrue(late.statusCode() >= 500, "never the result of the unfinished search: " + late.statusCode() + " "
                    + late.body());
        } catch (ExecutionException closed) {
            assertTrue(closed.getCause() instanceof IOException, closed.toString());
        }
    }

    private BridgeServer startBridge(Duration grace) throws Exception {
        LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", directory.getListenPort()), 2);
        AuditLog audit = AuditLog.open(new Audit(List.of(new Audit.FileSink(auditFile)), false, false));
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, DirectoryFeatures.detect(pool)),
                DemoDirectory.mapping(), TokenStore.of("it", TOKEN), audit, new Limits(65536, 100), Paging.defaults(),
                new BaseUrl(Optional.empty()));
        // The order ServeCommand uses: the pool, then the audit log.
        return BridgeServer.start("127.0.0.1", 0, grace, wiring, List.of(pool::close, audit));
    }

    private static HttpRequest slowRequest(int port) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BaseUrl.SCIM_PATH + SLOW_FILTER))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).GET().build();
    }

    /** Polls until the port refuses connections; the bound only keeps a broken build from hanging. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("port " + port + " still accepts connections after the stop began");
    }
}
