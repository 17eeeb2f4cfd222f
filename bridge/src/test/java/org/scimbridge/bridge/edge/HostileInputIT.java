package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.edge.ScimAssertions.assertNoStackTrace;
import static org.scimbridge.bridge.edge.ScimAssertions.assertScimError;
import static org.scimbridge.bridge.edge.ScimAssertions.enc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Hostile requests against a bridge started from YAML on slapd, each answered with a SCIM error (RFC 7644 section 3.12)
 * and none of them writing anything: oversized and chunked bodies, wrong media types, unknown methods, deep and long JSON,
 * too many PATCH operations, long and deep filters, path tricks in ids, oversized headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    private BridgeHarness bridge;
    private int usersBefore;

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        bridge = SlapdBridge.harness(slapd, SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), "",
                "maxPatchOperations: 10"));
        usersBefore = bridge.userCount();
    }

    @AfterAll
    void stop() {
        assertEquals(usersBefore, bridge.userCount(), "no hostile request may write anything");
        bridge.close();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = "{\"userName\":\"big\",\"title\":\"" + "x".repeat(BridgeHarness.MAX_PAYLOAD) + "\"}";
        assertScimError(bridge.send("POST", "/Users", huge), 413, null);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        // No Content-Length: the limit must hold while reading, not only against the declared length.
        byte[] huge = ("{\"userName\":\"big\",\"title\":\"" + "x".repeat(BridgeHarness.MAX_PAYLOAD) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bridge.baseUrl()
                        + "/Users")).header("Authorization", "Bearer " + BridgeHarness.TOKEN)
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertNoStackTrace(response.body());
    }

    @ParameterizedTest
    @CsvSource({"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aBodyOfAnotherMediaTypeIs415(String type) {
        assertScimError(bridge.send("POST", "/Users", "{\"userName\":\"x\"}", type, "Bearer " + BridgeHarness.TOKEN), 415, null);
    }

    @ParameterizedTest
    @CsvSource({"DELETE, /Users, 'GET, POST'", "PATCH, /Users, 'GET, POST'", "PUT, /Groups, 'GET, POST'",
            "POST, /Users/2819c223-7f76-453a-919d-413861904646, 'DELETE, GET, PATCH, PUT'",
            "DELETE, /ServiceProviderConfig, GET", "POST, /Schemas, GET", "PUT, /ResourceTypes/User, GET",
            "GET, /.search, POST", "GET, /Users/.search, POST", "TRACE, /Users, 'GET, POST'"})
    void aMethodTheEndpointDoesNotSupportIs405WithAllow(String method, String path, String allow) {
        Response response = bridge.send(method, path, method.equals("POST") || method.startsWith("P") ? "{}" : null);
        assertScimError(response, 405, null);
        assertEquals(allow, response.header("Allow").orElse(""));
    }

    @Test
    void jsonNestedDeeperThanTheLimitIs400() {
        String deep = "{\"userName\":\"deep\",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertScimError(bridge.send("POST", "/Users", deep), 400, "invalidSyntax");
    }

    @Test
    void aJsonStringLongerThanTheLimitIs400EvenWithinThePayloadLimit() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        try (BridgeHarness large = SlapdBridge.harness(slapd, SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(),
                "", "maxPayloadBytes: 1000000"))) {
            String body = "{\"userName\":\"long\",\"title\":\"" + "x".repeat(70_000) + "\"}";
            assertScimError(large.send("POST", "/Users", body), 400, "invalidSyntax");
        }
    }

    @Test
    void morePatchOperationsThanTheLimitIs400TooMany() {
        StringBuilder operations = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            operations.append(i == 0 ? "" : ",").append("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t").append(i)
                    .append("\"}");
        }
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
        assertScimError(bridge.send("PATCH", "/Users/2819c223-7f76-453a-919d-413861904646", body), 400, "tooMany");
    }

    @Test
    void aFilterLongerThanTheParserLimitIs400() {
        ObjectNode search = JsonNodeFactory.instance.objectNode();
        search.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
        search.put("filter", "userName eq \"" + "a".repeat(5000) + "\"");
        assertScimError(bridge.send("POST", "/Users/.search", search.toString()), 400, "invalidFilter");
    }

    @Test
    void aGetFilterLongerThanTheRequestLineLimitIs414() {
        assertScimError(bridge.get("/Users?filter=" + enc("userName eq \"" + "a".repeat(4100) + "\"")), 414, null);
    }

    @Test
    void aFilterNestedDeeperThanTheParserLimitIs400() {
        String filter = "(".repeat(60) + "userName eq \"a\"" + ")".repeat(60);
        assertScimError(bridge.get("/Users?filter=" + enc(filter)), 400, "invalidFilter");
        String nots = "not (".repeat(60) + "userName eq \"a\"" + ")".repeat(60);
        assertScimError(bridge.get("/Users?filter=" + enc(nots)), 400, "invalidFilter");
    }

    @ParameterizedTest
    @CsvSource({"/Users/..%2F..%2Fetc%2Fpasswd", "/Users/%2E%2E%2FGroups", "/Users/abc%2Fdef", "/Users/..%5C..%5Cwin.ini",
            "/Users/uid=admin,dc=example,dc=com", "/Users/*", "/Users/%00", "/Users/%2A%29%28uid%3D%2A"})
    void anIdWithPathOrLdapSyntaxIs404(String path) {
        assertScimError(bridge.get(path), 404, null);
        assertScimError(bridge.send("DELETE", path, null), 404, null);
    }

    @Test
    void headersBeyondHelidonsLimitAreA400ScimError() throws Exception {
        String answer = raw("GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + BridgeHarness.TOKEN
                + "\r\nX-Padding: " + "p".repeat(20_000) + "\r\n\r\n");
        assertEquals("400", answer.substring(9, 12), answer);
        assertTrue(answer.contains("\"status\":\"400\""), answer);
        assertNoStackTrace(answer);
    }

    @Test
    void aMalformedRequestLineIsA400ScimError() throws Exception {
        String answer = raw("GET /scim/v2/Users HTTP/1.1 junk\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals("400", answer.substring(9, 12), answer);
        assertTrue(answer.contains("\"status\":\"400\""), answer);
        assertNoStackTrace(answer);
    }

    private String raw(String request) throws IOException {
        int port = URI.create(bridge.baseUrl()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
