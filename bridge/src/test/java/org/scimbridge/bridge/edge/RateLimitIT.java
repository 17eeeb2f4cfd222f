package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Rate limits on a bridge started from YAML on slapd. The rates are so slow (one token per 1000 s) that no bucket refills
 * during a test, however slow the machine: the tests count requests, never time.
 */
class RateLimitIT {

    private static final String ONE_FAILURE = "authFailures: 1\nauthFailureWindow: 60m";
    private static final String SLOW = "requestsPerSecond: 0.001\nburst: 3\nauthFailures: 100\nauthFailureWindow: 60m";

    @Test
    void aTokenOverItsBurstGets429WithRetryAfterAndAScimError() throws Exception {
        Path folder = configure(SLOW);
        try (BridgeHarness bridge = SlapdBridge.harness(SlapdServer.shared(), folder)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, bridge.get("/Users?count=1").status());
            }
            Response refused = bridge.get("/Users?count=1");
            assertEquals(429, refused.status(), refused.body());
            assertTrue(Long.parseLong(refused.header("Retry-After").orElseThrow()) >= 1, refused.header("Retry-After").get());
            assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", refused.json().at("/schemas/0").asText());
            assertEquals("429", refused.json().get("status").asText());
            assertTrue(refused.header("X-Request-Id").isPresent(), "the refusal has a request id like any other answer");
        }
        assertTrue(audit(folder).stream().anyMatch(r -> r.contains("token=\"it\"") && r.contains("status=\"429\"")),
                String.join("\n", audit(folder)));
    }

    @Test
    void anotherTokenKeepsItsOwnBudget() throws Exception {
        try (BridgeHarness bridge = SlapdBridge.harness(SlapdServer.shared(), configure(SLOW))) {
            for (int i = 0; i < 4; i++) {
                bridge.get("/Users?count=1");
            }
            assertEquals(429, bridge.get("/Users?count=1").status());
            assertEquals(200, bridge.send("GET", "/Users?count=1", null, null, "Bearer " + SlapdBridge.OTHER_TOKEN).status());
        }
    }

    @Test
    void unauthenticatedRequestsDoNotUseATokensBudget() throws Exception {
        try (BridgeHarness bridge = SlapdBridge.harness(SlapdServer.shared(), configure(SLOW.replace("burst: 3", "burst: 1")))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, bridge.send("GET", "/Users", null, null, "Bearer wrong-" + i).status());
            }
            assertEquals(200, bridge.get("/Users?count=1").status());
        }
    }

    @Test
    void anAddressWithTooManyFailedAuthenticationsGets429EvenWithAValidToken() throws Exception {
        Path folder = configure("authFailures: 2\nauthFailureWindow: 60m");
        try (BridgeHarness bridge = SlapdBridge.harness(SlapdServer.shared(), folder)) {
            assertEquals(200, bridge.get("/Users?count=1").status());
            assertEquals(401, bridge.send("GET", "/Users", null, null, "Bearer guess-1").status());
            assertEquals(401, bridge.send("GET", "/Users", null, null, "Bearer guess-2").status());
            Response refused = bridge.get("/Users?count=1");
            assertEquals(429, refused.status(), refused.body());
            assertTrue(Long.parseLong(refused.header("Retry-After").orElseThrow()) > 60, refused.header("Retry-After").get());
            assertEquals("429", refused.json().get("status").asText());
            assertEquals(429, bridge.send("GET", "/Users", null, null, "Bearer guess-3").status());
        }
        List<String> failures = audit(folder).stream().filter(r -> r.contains(" AUTH-FAIL ")).toList();
        assertEquals(4, failures.size(), String.join("\n", failures));
        assertEquals(2, failures.stream().filter(r -> r.contains("status=\"401\"")).count());
        assertEquals(2, failures.stream().filter(r -> r.contains("status=\"429\"") && r.contains("client=\"127.0.0.1\""))
                .count());
    }

    @Test
    void successfulRequestsDoNotCountAsFailures() throws Exception {
        try (BridgeHarness bridge = SlapdBridge.harness(SlapdServer.shared(), configure(ONE_FAILURE))) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, bridge.get("/Users?count=1").status());
            }
            assertEquals(401, bridge.send("GET", "/Users", null, null, "Bearer guess").status());
            assertEquals(429, bridge.get("/Users?count=1").status());
        }
    }

    @Test
    void healthAndMetricsAreNotRateLimited() throws Exception {
        try (BridgeHarness bridge = SlapdBridge.harness(SlapdServer.shared(), configure(ONE_FAILURE))) {
            bridge.send("GET", "/Users", null, null, "Bearer guess");
            String base = bridge.baseUrl().replace("/scim/v2", "");
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(200, status);
        }
    }

    private static Path configure(String limits) throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        return SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), "", limits);
    }

    private static List<String> audit(Path folder) throws Exception {
        return Files.readAllLines(folder.resolve("audit.log"));
    }

}
