package org.scimbridge.bridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.ldap.LdapPools;
import org.scimbridge.mapping.config.MappingConfig;

/**
 * Readiness against a directory that goes away and comes back: UnboundID's in-process server, stopped and started
 * again on the same port, behind a pool built by {@link LdapPools} as in production.
 */
class ReadinessIT {

    private static final String ADMIN = "cn=admin,dc=example,dc=com";
    private static final String SECRET = "readiness-secret";
    private static final Duration EVENTUALLY = Duration.ofSeconds(20);

    private final AtomicInteger baseReads = new AtomicInteger();
    private InMemoryDirectoryServer directory;
    private LDAPConnectionPool pool;
    private BridgeHarness bridge;
    private Probes probes;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), freePort(),
                null));
        config.setSchema(DemoDirectory.schema());
        config.addAdditionalBindCredentials(ADMIN, SECRET);
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                if (request.getRequest().getScope() == SearchScope.BASE) {
                    baseReads.incrementAndGet();
                }
            }
        });
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        directory.startListening();

        MappingConfig mapping = DemoDirectory.mapping();
        Observability observability = Observability.create();
        pool = LdapPools.create(new Directory(List.of("ldap://127.0.0.1:" + directory.getListenPort()), ADMIN,
                new Secret(SECRET), 2, Duration.ofSeconds(2), Duration.ofSeconds(5)), "readiness-it", observability.ldap());
        observability.watch(pool, mapping);
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, DirectoryFeatures.detect(pool)), mapping,
                TokenStore.of("it", BridgeHarness.TOKEN), new AuditLog(List.of(), Clock.systemUTC()), new Limits(65536, 100),
                Paging.defaults(), new BaseUrl(Optional.empty()), false, observability);
        bridge = new BridgeHarness(BridgeServer.start("127.0.0.1", 0, wiring, List.of(pool::close)), directory, mapping);
        probes = new Probes(bridge);
    }

    @AfterEach
    void stop() {
        bridge.close();
        directory.shutDown(true);
    }

    @Test
    void readyIsUpWhileTheDirectoryAnswers() {
        Response ready = probes.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertEquals(java.util.Set.of("ldap-connection:UP", "ldap-bind:UP", "users-base:UP", "groups-base:UP",
                "pending-repairs:UP"),
                ObservabilitySlapdIT.checks(ready.json()));
    }

    @Test
    void readyIs503NamingTheConnectionWhileTheDirectoryIsDownAndUpAgainWhenItReturns() {
        assertEquals(200, probes.get("/health/ready").status());

        directory.shutDown(true);
        Response down = awaitReady(r -> r.status() == 503);
        assertTrue(ObservabilitySlapdIT.checks(down.json()).contains("ldap-connection:DOWN"), down.body());
        assertFalse(down.body().contains("dc=example"), "no DN in the unauthenticated probe: " + down.body());
        assertEquals(200, probes.get("/health/live").status(), "alive all the same: restarting would not help");

        try {
            directory.startListening();
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalStateException(e);
        }
        Response up = awaitReady(r -> r.status() == 200);
        assertEquals("UP", up.json().path("status").asText(), up.body());
    }

    @Test
    void readyIs503NamingTheBaseDnThatCannotBeRead() throws Exception {
        directory.delete("ou=groups,dc=example,dc=com");
        Response down = awaitReady(r -> r.status() == 503);
        assertEquals(java.util.Set.of("ldap-connection:UP", "ldap-bind:UP", "users-base:UP", "groups-base:DOWN",
                "pending-repairs:UP"),
                ObservabilitySlapdIT.checks(down.json()));
        assertTrue(down.body().contains("noSuchObject"), down.body());
    }

    @Test
    void oneProbeAnswersEveryCallWithinItsReuseInterval() throws Exception {
        DirectoryReadiness readiness = new DirectoryReadiness(pool, Map.of("users-base", new DN("ou=people,dc=example,dc=com"),
                "groups-base", new DN("ou=groups,dc=example,dc=com")), Duration.ofSeconds(2), Duration.ofHours(1));
        int before = baseReads.get();
        for (int i = 0; i < 20; i++) {
            readiness.checks().forEach(check -> assertEquals(io.helidon.health.HealthCheckResponse.Status.UP,
                    check.call().status(), check.name()));
        }
        assertEquals(2, baseReads.get() - before, "one read per base DN for 80 check calls");
    }

    /** Polls readiness until {@code condition} holds; the probe result is reused for a moment, so it changes a bit later. */
    private Response awaitReady(Predicate<Response> condition) {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        Response last;
        do {
            last = probes.get("/health/ready");
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness never reached the expected state; last answer " + last.status() + " " + last.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
