package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.testing.Eventually;

/** Scopes over HTTP: a valid token without the scope gets 403, a missing, wrong or expired one 401 (RFC 6750 section 3). */
class ScopeEnforcementIT {

    private static final String USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"scope-it\","
            + "\"name\":{\"givenName\":\"Scope\",\"familyName\":\"Test\"}}";

    @TempDir
    static Path folder;
    private static TokenBridge bridge;
    private static String reader;
    private static String usersOnly;
    private static String writer;

    @BeforeAll
    static void start() throws Exception {
        bridge = TokenBridge.start(folder, "24h");
        reader = bridge.token("create", "--name", "reader", "--scopes", "read").secret();
        usersOnly = bridge.token("create", "--name", "users-only", "--scopes", "read,write,Users").secret();
        writer = bridge.token("create", "--name", "writer", "--scopes", "write").secret();
        TokenBridge.await(() -> bridge.store().size() == 3, "the bridge loaded the three tokens");
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void aReadOnlyTokenReadsButItsWriteIsForbiddenWithInsufficientScope() {
        assertEquals(200, bridge.get("/Users?count=1", reader).status());
        int users = bridge.get("/Users?count=0", reader).json().get("totalResults").asInt();

        BridgeHarness.Response post = bridge.send("POST", "/Users", USER, reader);

        assertEquals(403, post.status());
        assertEquals("403", post.json().get("status").asText());
        assertTrue(post.json().get("schemas").toString().contains("urn:ietf:params:scim:api:messages:2.0:Error"));
        String challenge = post.headers().get("www-authenticate").get(0);
        assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
        assertTrue(challenge.contains("scope=\"write Users\""), challenge);
        assertEquals(users, bridge.get("/Users?count=0", reader).json().get("totalResults").asInt(), "nothing was written");
    }

    @Test
    void aUsersOnlyTokenMayNotTouchGroupsNorSearchEveryType() {
        assertEquals(200, bridge.get("/Users?count=1", usersOnly).status());
        assertEquals(403, bridge.get("/Groups", usersOnly).status());
        String search = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]}";
        assertEquals(403, bridge.send("POST", "/.search", search, usersOnly).status());
    }

    @Test
    void aWriteOnlyTokenMayNotReadButMayDiscover() {
        assertEquals(403, bridge.get("/Users", writer).status());
        assertEquals(200, bridge.get("/ServiceProviderConfig", writer).status());
        assertEquals(200, bridge.get("/Schemas", writer).status());
        assertEquals(200, bridge.get("/ResourceTypes", writer).status());
    }

    @Test
    void aWrongTokenIsInvalidAndNoTokenGetsAChallengeWithoutErrorCode() {
        BridgeHarness.Response wrong = bridge.get("/Users", "not-a-token");
        assertEquals(401, wrong.status());
        assertTrue(wrong.headers().get("www-authenticate").get(0).contains("error=\"invalid_token\""));
        BridgeHarness.Response none = bridge.anonymous("/Users");
        assertEquals(401, none.status());
        assertEquals(List.of("Bearer realm=\"scim\""), none.headers().get("www-authenticate"));
    }

    @Test
    void theAuditRecordOfAForbiddenRequestNamesTheToken() {
        bridge.send("DELETE", "/Users/does-not-matter", null, reader);
        Eventually.await(() -> bridge.auditRecords().stream().anyMatch(r -> r.contains("token=\"reader\"")
                && r.contains("status=\"403\"")), () -> String.join("\n", bridge.auditRecords()));
    }
}
