package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Two directories behind one bridge ({@code directory.urls} with both, failover): the first is stopped while four
 * clients search users, then started again. Both slapd processes are loaded with the same LDIF; there is no real
 * replication between them (entryUUIDs, hence SCIM ids, differ), so the clients look users up by userName.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryFailoverIT {

    private static final int USERS = 10;
    private static final int CLIENTS = 4;
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private SlapdServer first;
    private SlapdServer second;
    private ServedBridge bridge;
    private Path folder;

    /** One SCIM search of the load: when it started and ended, and what it got. */
    private record Outcome(long started, long ended, int status, int totalResults) {
    }

    @BeforeAll
    void start() throws Exception {
        folder = Files.createTempDirectory("directory-failover-it");
        first = SlapdServer.start(SlapdServer.Options.defaults());
        second = SlapdServer.start(SlapdServer.Options.defaults());
        String[] names = IntStream.range(0, USERS).mapToObj(i -> "user-" + i).toArray(String[]::new);
        first.addLdif(new StringReader(users(names)));
        second.addLdif(new StringReader(users(names)));
        ServedBridge.addServiceAccount(first);
        ServedBridge.addServiceAccount(second);
        bridge = ServedBridge.start(ServedBridge.config(folder, List.of(first.url(), second.url()), """
                  poolSize: 4
                  connectTimeout: 1s
                  responseTimeout: 2s
                  healthCheckInterval: 1s
                """), null);
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        ServedBridge.deleteTree(folder);
    }

    @Test
    void stoppingTheFirstOfTwoDirectoriesUnderLoadLosesNoRequestStartedAfterTheStop() throws Exception {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().name("scim-client-" + c).start(() -> {
                for (int i = client; running.get(); i++) {
                    long started = System.nanoTime();
                    Response response = bridge.harness().get("/Users?filter=userName%20eq%20%22user-" + i % USERS + "%22");
                    int total = response.status() == 200 ? response.json().path("totalResults").asInt() : -1;
                    outcomes.add(new Outcome(started, System.nanoTime(), response.status(), total));
                }
            }));
        }
        try {
            awaitCount(outcomes, o -> true, 40, "requests before the stop");
            first.halt();
            long stopped = System.nanoTime();
            awaitCount(outcomes, o -> o.started() > stopped, 100, "requests after the stop");
            assertEquals(200, bridge.ready().status(), "ready on the second directory");
            first.restart();
            long restarted = System.nanoTime();
            awaitCount(outcomes, o -> o.started() > restarted, 40, "requests after the restart");

            running.set(false);
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(30));
            }
            List<Outcome> all = List.copyOf(outcomes);
            List<Outcome> inFlight = all.stream().filter(o -> o.started() <= stopped && o.ended() >= stopped).toList();
            List<Outcome> after = all.stream().filter(o -> o.started() > stopped).toList();
            long slowest = all.stream().mapToLong(o -> o.ended() - o.started()).max().orElse(0);
            System.out.printf("failover under load: %d requests, %d in flight at the stop (%d of them 503), %d after it,"
                    + " slowest %d ms%n", all.size(), inFlight.size(), inFlight.stream().filter(o -> o.status() != 200).count(),
                    after.size(), TimeUnit.NANOSECONDS.toMillis(slowest));
            for (Outcome outcome : inFlight) {
                assertTrue(outcome.status() == 200 || outcome.status() == 503, "in flight at the stop: " + outcome);
            }
            for (Outcome outcome : all) {
                assertTrue(outcome.status() != 200 || outcome.totalResults() == 1, "every success finds its user: " + outcome);
                assertTrue(outcome.started() <= stopped && outcome.ended() >= stopped || outcome.status() == 200,
                        "only a request in flight at the stop may fail: " + outcome);
            }
            assertTrue(after.size() >= 100, "requests continued after the stop: " + after.size());
        } finally {
            running.set(false);
        }
    }

    @Test
    void roundRobinKeepsServingWithOneOfTwoDirectoriesDown() throws Exception {
        Path run = Files.createDirectories(folder.resolve("round-robin"));
        try (ServedBridge roundRobin = ServedBridge.start(ServedBridge.config(run, List.of(first.url(), second.url()), """
                  poolSize: 4
                  connectTimeout: 1s
                  responseTimeout: 2s
                  balancing: roundRobin
                """), null)) {
            for (int i = 0; i < 20; i++) {
                assertEquals(1, roundRobin.harness().get("/Users?filter=userName%20eq%20%22user-" + i % USERS + "%22").json()
                        .path("totalResults").asInt());
            }
            second.halt();
            try {
                for (int i = 0; i < 20; i++) {
                    Response response = roundRobin.harness().get("/Users?filter=userName%20eq%20%22user-" + i % USERS + "%22");
                    assertEquals(200, response.status(), "with the second directory down: " + response.body());
                }
            } finally {
                second.restart();
            }
            assertEquals(200, roundRobin.harness().get("/Users?filter=userName%20eq%20%22user-1%22").status());
        }
    }

    private static void awaitCount(ConcurrentLinkedQueue<Outcome> outcomes, Predicate<Outcome> which, int count, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (outcomes.stream().filter(which).count() < count) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + count + " " + what + " within " + WITHIN);
            Thread.sleep(20);
        }
    }

    /** inetOrgPerson entries below {@code ou=people} as the openldap.yaml mapping reads them. */
    static String users(String... names) {
        StringBuilder ldif = new StringBuilder();
        for (String name : names) {
            ldif.append("""
                    dn: uid=%1$s,%2$s
                    objectClass: top
                    objectClass: person
                    objectClass: organizationalPerson
                    objectClass: inetOrgPerson
                    uid: %1$s
                    cn: %1$s Example
                    sn: Example
                    givenName: %1$s
                    mail: %1$s@example.com

                    """.formatted(name, SlapdServer.PEOPLE_DN));
        }
        return ldif.toString();
    }
}
