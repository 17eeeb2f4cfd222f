package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The only directory goes away (stopped, or frozen with SIGSTOP) and comes back, under a bridge started as {@code serve}
 * starts it with a 1 s response timeout: SCIM requests get 503 with {@code Retry-After} and a SCIM error body, readiness
 * goes down, nothing hangs, a create refused meanwhile leaves the whole user or nothing, and the bridge recovers by
 * itself. Bounds on durations are generous multiples of the configured timeouts, never tight timings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryOutageIT {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);
    /** Generous: a stopped directory refuses connections at once, a frozen one costs a few timeouts in a row. */
    private static final Duration NO_HANG = Duration.ofSeconds(15);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final String ALICE = "/Users?filter=userName%20eq%20%22alice%22";

    private Path folder;
    private SlapdServer slapd;
    private ServedBridge bridge;
    private boolean halted;
    private boolean frozen;

    @BeforeAll
    void start() throws Exception {
        folder = Files.createTempDirectory("directory-outage-it");
        slapd = SlapdServer.start(SlapdServer.Options.defaults());
        slapd.addLdif(new StringReader(DirectoryFailoverIT.users("alice", "bob")));
        ServedBridge.addServiceAccount(slapd);
        bridge = ServedBridge.start(ServedBridge.config(folder, List.of(slapd.url()), """
                  poolSize: 4
                  connectTimeout: 1s
                  responseTimeout: 1s
                  healthCheckInterval: 1s
                  retryAfter: 7s
                """), null);
    }

    @AfterEach
    void directoryRunsAgain() throws Exception {
        if (frozen) {
            slapd.thaw();
            frozen = false;
        }
        if (halted || !slapd.isRunning()) {
            slapd.restart();
            halted = false;
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (slapd != null) {
            slapd.close();
        }
        ServedBridge.deleteTree(folder);
    }

    @Test
    void aStoppedDirectoryGives503WithRetryAfterAndReadinessDownUntilItReturns() throws Exception {
        assertEquals(200, get(ALICE).status());

        slapd.halt();
        halted = true;
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Response response = get(ALICE);
            slowest = Math.max(slowest, System.nanoTime() - start);
            assertUnavailable(response);
        }
        System.out.printf("stopped directory: slowest of 5 503s took %d ms%n", Duration.ofNanos(slowest).toMillis());
        assertTrue(Duration.ofNanos(slowest).compareTo(RESPONSE_TIMEOUT.multipliedBy(10)) < 0,
                "the slowest 503 took " + Duration.ofNanos(slowest).toMillis() + " ms");
        Response notReady = ServedBridge.await(bridge::ready, r -> r.status() == 503, RECOVERY, "readiness down");
        assertTrue(notReady.body().contains("ldap-connection"), notReady.body());

        slapd.restart();
        halted = false;
        ServedBridge.await(() -> get(ALICE), r -> r.status() == 200, RECOVERY, "SCIM requests succeed again");
        ServedBridge.await(bridge::ready, r -> r.status() == 200, RECOVERY, "readiness up again");
        assertEquals(1, get(ALICE).json().path("totalResults").asInt());
    }

    @Test
    void aFrozenDirectoryGivesATimely503InsteadOfAHangAndRecoversWhenItRuns() {
        assertEquals(200, get(ALICE).status());

        slapd.freeze();
        frozen = true;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Response response = get(ALICE);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertUnavailable(response);
            System.out.printf("frozen directory: 503 after %d ms (response timeout %d ms)%n", took.toMillis(),
                    RESPONSE_TIMEOUT.toMillis());
            assertTrue(took.compareTo(NO_HANG) < 0, "a request on a frozen directory took " + took.toMillis() + " ms");
        }
        ServedBridge.await(bridge::ready, r -> r.status() == 503, RECOVERY, "readiness down while frozen");

        thaw();
        ServedBridge.await(() -> getRestartingACrashedSlapd(ALICE), r -> r.status() == 200, RECOVERY,
                "SCIM requests succeed after SIGCONT");
        ServedBridge.await(bridge::ready, r -> r.status() == 200, RECOVERY, "readiness up after SIGCONT");
    }

    @Test
    void aCreateRefusedWhileTheDirectoryIsDownLeavesNothingAndSucceedsWhenRetried() throws Exception {
        slapd.halt();
        halted = true;
        assertUnavailable(bridge.harness().send("POST", "/Users", user("carol")));

        slapd.restart();
        halted = false;
        ServedBridge.await(() -> get(ALICE), r -> r.status() == 200, RECOVERY, "recovery");
        assertTrue(entry("carol").isEmpty(), "nothing of the refused create reached the directory");
        Response retried = bridge.harness().send("POST", "/Users", user("carol"));
        assertEquals(201, retried.status(), retried.body());
        assertWhole(entry("carol").orElseThrow());
    }

    /**
     * A create sent to a frozen directory times out; what happens depends on where the timeout struck: before the add
     * was sent (the uniqueness search) nothing exists, after it the directory applies the add once it runs again. Either
     * way the entry is whole or absent, and the client's retry tells it which: 201, or 409 uniqueness.
     */
    @Test
    void aCreateTimedOutOnAFrozenDirectoryLeavesTheWholeUserOrNothing() throws Exception {
        slapd.freeze();
        frozen = true;
        assertUnavailable(bridge.harness().send("POST", "/Users", user("dave")));

        thaw();
        ServedBridge.await(() -> getRestartingACrashedSlapd(ALICE), r -> r.status() == 200, RECOVERY, "recovery");
        Optional<SearchResultEntry> after = entry("dave");
        after.ifPresent(DirectoryOutageIT::assertWhole);
        Response retried = bridge.harness().send("POST", "/Users", user("dave"));
        assertEquals(after.isPresent() ? 409 : 201, retried.status(), retried.body());
        assertWhole(entry("dave").orElseThrow());
    }

    private Response get(String path) {
        return bridge.harness().get(path);
    }

    private void thaw() {
        slapd.thaw();
        frozen = false;
    }

    /**
     * A GET that first starts slapd again should it have died: slapd 2.5.13 (Debian) sometimes aborts right after SIGCONT
     * ({@code free(): invalid pointer}) while it works through the connections its clients gave up on when it was
     * stopped; seen in about one run of five. A crashed directory is restarted (as systemd would), and the bridge must
     * recover from that all the same.
     */
    private Response getRestartingACrashedSlapd(String path) {
        if (!slapd.isRunning()) {
            System.out.println("slapd died after SIGCONT; starting it again");
            try {
                slapd.restart();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return get(path);
    }

    static void assertUnavailable(Response response) {
        assertEquals(503, response.status(), response.body());
        assertEquals(List.of("7"), response.headers().get("retry-after"), "Retry-After as configured: " + response.headers());
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", response.json().path("schemas").path(0).asText(),
                response.body());
        assertEquals("503", response.json().path("status").asText(), response.body());
        assertTrue(response.json().path("detail").asText().contains("directory"), response.body());
    }

    private Optional<SearchResultEntry> entry(String uid) throws Exception {
        try (LDAPConnection admin = slapd.connect()) {
            return Optional.ofNullable(admin.getEntry("uid=" + uid + "," + SlapdServer.PEOPLE_DN, "*"));
        }
    }

    /** Every attribute the create carried, not a part of them. */
    private static void assertWhole(SearchResultEntry entry) {
        for (String attribute : List.of("uid", "cn", "sn", "givenName", "mail", "employeeNumber", "displayName")) {
            assertTrue(entry.hasAttribute(attribute), attribute + " missing from " + entry.toLDIFString());
        }
    }

    private static String user(String name) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1$s","externalId":"ext-%1$s",
                 "name":{"givenName":"%1$s","familyName":"Tester","formatted":"%1$s Tester"},"displayName":"%1$s T.",
                 "emails":[{"type":"work","value":"%1$s@example.com","primary":true}]}""".formatted(name);
    }
}
