package org.scimbridge.bridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Health and metrics of a bridge started as {@code scim-bridge serve} starts it, on a real OpenLDAP slapd: the probes,
 * and a scrape parsed sample by sample after real SCIM traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilitySlapdIT {

    private static final String PASSWORD = "Correct-Horse-" + UUID.randomUUID();
    private static final Set<String> OPERATIONS = Set.of("bind", "search", "modify", "add", "delete", "modifyDN", "compare",
            "extended");
    private static final Set<String> RESOURCES = Set.of("Users", "Groups", "Bulk", "Me", "search", "discovery", "other");

    private BridgeHarness bridge;
    private Probes probes;

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        Path folder = SlapdBridge.configure(Files.createTempDirectory("observability-it"), List.of(slapd.url()),
                slapd.adminDn(), slapd.adminPassword(), "", "", "", Map.of("audit", """
                        sinks:
                          - type: file
                            path: audit.log
                          - type: file
                            path: /dev/full
                        """));
        bridge = SlapdBridge.harness(slapd, folder);
        probes = new Probes(bridge);
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @Test
    void liveIsUpWithoutAToken() {
        Response live = probes.get("/health/live");
        assertEquals(200, live.status(), live.body());
        assertEquals("UP", live.json().path("status").asText());
    }

    @Test
    void readyChecksTheConnectionTheBindAndEveryBaseDn() {
        Response ready = probes.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertEquals("UP", ready.json().path("status").asText());
        assertEquals(Set.of("ldap-connection:UP", "ldap-bind:UP", "users-base:UP", "groups-base:UP",
                "pending-repairs:UP"), checks(ready.json()));
    }

    @Test
    void metricsAreServedInPrometheusTextFormatWithJvmMeters() {
        Response metrics = probes.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").orElseThrow().startsWith("text/plain"), metrics.header("Content-Type").get());
        Scrape scrape = Scrape.parse(metrics.body());
        assertFalse(scrape.find("jvm_memory_used_bytes", "area", "heap").isEmpty(), "heap gauge");
        assertFalse(scrape.find("jvm_threads_live_threads").isEmpty(), "thread gauge");
        assertFalse(scrape.find("jvm_gc_memory_allocated_bytes_total").isEmpty(), "GC counter");
    }

    @Test
    void requestsAreCountedByResourceMethodAndStatus() {
        Scrape before = probes.scrape();
        String id = createUser("counted").json().path("id").asText();
        bridge.get("/Users/" + id);
        bridge.get("/Users/" + UUID.randomUUID());
        bridge.send("GET", "/Users", null, null, null);
        bridge.get("/ServiceProviderConfig");
        Scrape after = probes.scrape();

        assertEquals(1, delta(before, after, HTTP_COUNT, "resource", "Users", "method", "POST", "status", "201"));
        assertEquals(1, delta(before, after, HTTP_COUNT, "resource", "Users", "method", "GET", "status", "200"));
        assertEquals(1, delta(before, after, HTTP_COUNT, "resource", "Users", "method", "GET", "status", "404"));
        assertEquals(1, delta(before, after, HTTP_COUNT, "resource", "Users", "method", "GET", "status", "401"));
        assertEquals(1, delta(before, after, HTTP_COUNT, "resource", "discovery", "method", "GET", "status", "200"));
    }

    @Test
    void requestLatencyIsAHistogramFromHalfAMillisecondToTenSeconds() {
        createUser("histogram");
        Scrape scrape = probes.scrape();
        String[] labels = {"resource", "Users", "method", "POST", "status", "201"};
        List<Double> bounds = scrape.find("scim_bridge_http_requests_seconds_bucket", labels).stream()
                .map(s -> Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity"))).toList();
        assertTrue(bounds.containsAll(List.of(0.0005, 0.001, 0.01, 0.1, 1.0, 10.0, Double.POSITIVE_INFINITY)), bounds.toString());
        assertEquals(scrape.value(HTTP_COUNT, labels),
                scrape.value("scim_bridge_http_requests_seconds_bucket", concat(labels, "le", "+Inf")));
        assertTrue(scrape.value("scim_bridge_http_requests_seconds_sum", labels) > 0);
    }

    @Test
    void ldapOperationsAreTimedByTypeAndResultCode() {
        Scrape before = probes.scrape();
        String id = createUser("timed").json().path("id").asText();
        Response refused = bridge.send("POST", "/Users", userJson(unique("refused"), "n\u00f6t-ia5@example.com"));
        assertEquals(400, refused.status(), refused.body());
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, null).status());
        Scrape after = probes.scrape();

        assertEquals(1, delta(before, after, LDAP_COUNT, "op", "add", "result", "success"));
        assertEquals(1, delta(before, after, LDAP_COUNT, "op", "add", "result", "invalidAttributeSyntax"));
        assertEquals(1, delta(before, after, LDAP_COUNT, "op", "delete", "result", "success"));
        assertTrue(delta(before, after, LDAP_COUNT, "op", "search", "result", "success") >= 2, "lookups before the writes");
        assertTrue(after.value(LDAP_COUNT, "op", "bind", "result", "success") >= 1, "the pool's connections bound");
        assertTrue(after.value("scim_bridge_ldap_operations_seconds_sum", "op", "add", "result", "success") > 0);
    }

    @Test
    void poolGaugesReportSizeAvailabilityAndCheckouts() {
        Scrape scrape = probes.scrape();
        assertEquals(4, scrape.value("scim_bridge_ldap_pool_connections_max"));
        double available = scrape.value("scim_bridge_ldap_pool_connections_available");
        assertTrue(available >= 1 && available <= 4, "available " + available);
        assertEquals(0, scrape.value("scim_bridge_ldap_pool_checkouts_failed_total"));
        assertTrue(scrape.value("scim_bridge_ldap_pool_checkouts_waited_total") >= 0);
        assertEquals(0, scrape.value("scim_bridge_ldap_operations_in_flight"));
    }

    /** The second audit sink is {@code /dev/full}: every record it cannot take is counted (fail-open, the default). */
    @Test
    void auditSinkFailuresCountTheRecordsASinkCouldNotTake() throws InterruptedException {
        double before = probes.scrape().value("scim_bridge_audit_sink_failures_total");
        assertEquals(200, bridge.get("/ServiceProviderConfig").status());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // The record is written when the response is done, so the scrape may come first: poll, bounded.
        while (probes.scrape().value("scim_bridge_audit_sink_failures_total") < before + 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(probes.scrape().value("scim_bridge_audit_sink_failures_total") >= before + 1);
    }

    @Test
    void theScrapeHoldsNoDnNameIdTokenOrPasswordAndOnlyBoundedLabels() {
        String userName = unique("secretive");
        Response created = bridge.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Secretive\"},"
                + "\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, created.status(), created.body());
        bridge.get("/Users/" + created.json().path("id").asText() + "?attributes=userName");
        bridge.get("/Users?filter=" + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8));
        String text = probes.get("/metrics").body();

        for (String secret : List.of(userName, created.json().path("id").asText(), "dc=example", "ou=people", "Secretive",
                BridgeHarness.TOKEN, PASSWORD)) {
            assertFalse(text.contains(secret), "the scrape contains " + secret);
        }
        for (Scrape.Sample sample : Scrape.parse(text).samples()) {
            if (sample.name().startsWith("scim_bridge_")) {
                sample.labels().forEach((name, value) -> assertTrue(bounded(name, value), sample.toString()));
            }
        }
    }

    private static final String HTTP_COUNT = "scim_bridge_http_requests_seconds_count";
    private static final String LDAP_COUNT = "scim_bridge_ldap_operations_seconds_count";

    private static boolean bounded(String label, String value) {
        return switch (label) {
            case "resource" -> RESOURCES.contains(value);
            case "method" -> Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other").contains(value);
            case "status" -> value.matches("[1-5][0-9][0-9]");
            case "op" -> OPERATIONS.contains(value);
            case "result" -> value.matches("[a-z][A-Za-z]*");
            case "le" -> value.matches("[0-9.]+(E-?[0-9]+)?|\\+Inf");
            case "scope" -> Set.of("application", "vendor", "base").contains(value);
            case "guard" -> Set.of("deactivations", "deletes", "memberRemovals", "protected").contains(value);
            default -> false;
        };
    }

    private Response createUser(String prefix) {
        Response created = bridge.send("POST", "/Users", userJson(unique(prefix), prefix + "@example.com"));
        assertEquals(201, created.status(), created.body());
        return created;
    }

    private static String userJson(String userName, String email) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"Obs\",\"familyName\":\"Erver\"},\"emails\":[{\"value\":\"" + email
                + "\",\"type\":\"work\"}]}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        double earlier = before.find(name, labels).stream().mapToDouble(Scrape.Sample::value).sum();
        return after.value(name, labels) - earlier;
    }

    private static String[] concat(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    static Set<String> checks(JsonNode health) {
        Set<String> checks = new java.util.HashSet<>();
        health.path("checks").forEach(c -> checks.add(c.path("name").asText() + ":" + c.path("status").asText()));
        return checks;
    }
}
