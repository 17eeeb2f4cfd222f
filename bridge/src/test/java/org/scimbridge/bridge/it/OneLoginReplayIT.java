package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.it.IdpReplay.assertListResponse;
import static org.scimbridge.bridge.it.IdpReplay.ids;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * OneLogin's "SCIM Provisioner with SAML (SCIM v2 Enterprise)" connector: a SCIM base URL and a SCIM bearer token
 * (OneLogin, "SCIM Provisioner with SAML (SCIM v2 Enterprise)"; WorkOS, "OneLogin SCIM" guide), users created from the
 * connector's default SCIM JSON template (core and enterprise schema, {@code $user.*} macros filled in), groups from
 * provisioning rules, member changes with lower-case {@code "add"}/{@code "remove"} ops (AzureAD-BYOA-Provisioning-
 * Samples#24: a server that matched only Entra's {@code "Add"} broke on OneLogin). Public captures of OneLogin's traffic
 * are scarce (IDP-QUIRKS "OneLogin"); where OneLogin's pages show no wire detail, the RFC 7644 form is used, with
 * {@code application/json}, which RFC 7644 section 3.1 requires servers to accept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneLoginReplayIT {

    private static final String CONTENT_TYPE = "application/json";

    private IdpReplay replay;

    @BeforeAll
    void start() throws LDAPException {
        replay = IdpReplay.start();
    }

    @AfterAll
    void stop() {
        replay.bridge().close();
    }

    private Response onelogin(String method, String path, String body) {
        return replay.send(method, path, body, CONTENT_TYPE, "Bearer " + BridgeHarness.TOKEN);
    }

    /** The connector's default SCIM JSON template, with the macros replaced by a user's values. */
    private JsonNode createUser(String userName) {
        Response created = onelogin("POST", "/Users", """
                {
                  "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
                  ],
                  "userName": "%s",
                  "name": {
                    "givenName": "Kate",
                    "familyName": "Smith",
                    "formatted": "Kate Smith"
                  },
                  "emails": [
                    {
                      "value": "%s",
                      "type": "work",
                      "primary": true
                    }
                  ],
                  "title": "Engineer",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                    "department": "R&D"
                  }
                }""".formatted(userName, userName));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    /** The SCIM bearer token of the connector's configuration is required; OneLogin shows a 401 as a failed connection. */
    @Test
    void withoutTheBearerTokenEveryRequestIsA401() {
        Response anonymous = replay.send("GET", "/Users?filter=userName%20eq%20%22nobody%22", null, null, null);
        assertEquals(401, anonymous.status(), anonymous.body());
        assertTrue(anonymous.header("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        Response wrong = replay.send("GET", "/Users", null, null, "Bearer not-the-onelogin-token");
        assertEquals(401, wrong.status(), wrong.body());
        assertEquals("401", wrong.json().path("status").asText());
    }

    /**
     * Create from the template after a userName lookup, then "Delete" deprovisioning (the connector's choice on removal
     * from the app): entry written with the enterprise department, then gone.
     */
    @Test
    void userCreatedFromTheDefaultTemplateIsWrittenAndDeletedOnDeprovisioning() {
        String userName = replay.unique("kate.smith-") + "@onelogin.example";
        assertListResponse(onelogin("GET", "/Users?filter=userName%20eq%20%22" + userName.replace("@", "%40") + "%22", null), 0);
        String id = createUser(userName).path("id").asText();
        SearchResultEntry entry = replay.user(id);
        assertEquals(userName, entry.getAttributeValue("uid"));
        assertEquals("Kate Smith", entry.getAttributeValue("cn"));
        assertEquals("R&D", entry.getAttributeValue("departmentNumber"));
        assertEquals("Engineer", entry.getAttributeValue("title"));
        assertEquals(List.of(id), ids(assertListResponse(onelogin("GET", "/Users?filter=userName%20eq%20%22"
                + userName.replace("@", "%40") + "%22", null), 1)));

        Response deleted = onelogin("DELETE", "/Users/" + id, null);
        assertEquals(204, deleted.status(), deleted.body());
        assertFalse(replay.userExists(id));
    }

    /** "Suspend" deprovisioning instead: a lower-case replace of active; the account is locked and still found. */
    @Test
    void suspendDeprovisioningLocksTheAccount() {
        String id = createUser(replay.unique("suspended-") + "@onelogin.example").path("id").asText();
        Response suspended = onelogin("PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}""");
        assertEquals(200, suspended.status(), suspended.body());
        assertEquals(IdpReplay.LOCKED, replay.user(id).getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
        assertFalse(onelogin("GET", "/Users/" + id, null).json().path("active").asBoolean());
    }

    /**
     * Groups from provisioning rules: created, then members added and removed with lower-case ops; the group entry holds
     * exactly the members OneLogin left.
     */
    @Test
    void lowerCaseAddAndRemoveChangeTheGroupMembers() {
        String a = createUser(replay.unique("a-") + "@onelogin.example").path("id").asText();
        String b = createUser(replay.unique("b-") + "@onelogin.example").path("id").asText();
        Response created = onelogin("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[]}"""
                .formatted(replay.unique("OneLogin Engineering ")));
        assertEquals(201, created.status(), created.body());
        String group = created.json().path("id").asText();

        Response added = onelogin("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}""".formatted(a, b));
        assertTrue(added.status() == 200 || added.status() == 204, added.body());
        assertEquals(replay.userDns(List.of(a, b)), replay.realMemberDns(group));

        Response removed = onelogin("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(a));
        assertTrue(removed.status() == 200 || removed.status() == 204, removed.body());
        assertEquals(replay.userDns(List.of(b)), replay.realMemberDns(group));

        assertEquals(204, onelogin("DELETE", "/Groups/" + group, null).status());
        assertNull(replay.group(group));
    }
}
