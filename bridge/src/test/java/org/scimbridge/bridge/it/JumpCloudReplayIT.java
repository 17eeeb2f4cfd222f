package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.it.IdpReplay.assertListResponse;

import java.util.List;

import com.unboundid.ldap.sdk.LDAPException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * JumpCloud's custom SCIM integration ("Provision and Manage Users and Groups in Apps Using Custom SCIM Identity
 * Management Integration", jumpcloud.com/support): base URL plus a bearer token; "Test Connection" creates a test user
 * (named after the test-user email the admin enters) and a test group, then deletes both; no extension schemas are
 * expected. Member changes use the Entra-like {@code value: [{value: id}]} form, removal included (uni-moni's JumpCloud
 * setup notes; low authority, IDP-QUIRKS "JumpCloud"), and unbinding a user from the app deactivates it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JumpCloudReplayIT {

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

    private Response jumpcloud(String method, String path, String body) {
        return replay.send(method, path, body, CONTENT_TYPE, "Bearer " + BridgeHarness.TOKEN);
    }

    private String createUser(String email) {
        Response created = jumpcloud("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s",
                 "name":{"givenName":"Test","familyName":"User"},"displayName":"Test User",
                 "emails":[{"value":"%s","type":"work","primary":true}],"active":true}"""
                .formatted(email, replay.unique("5f8c"), email));
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    private String createGroup(String displayName) {
        Response created = jumpcloud("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s"}""".formatted(displayName));
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    /** "Test Connection": a test user and a test group are created and deleted again; nothing is left behind. */
    @Test
    void testConnectionCreatesAndDeletesATestUserAndGroupLeavingNothing() {
        int usersBefore = replay.bridge().userCount();
        String email = replay.unique("jc-test-") + "@example.com";
        String user = createUser(email);
        assertTrue(replay.userExists(user));
        String group = createGroup(replay.unique("JumpCloud Test Group "));
        assertEquals(replay.unique("JumpCloud Test Group "), replay.group(group).getAttributeValue("cn"));

        assertEquals(204, jumpcloud("DELETE", "/Groups/" + group, null).status());
        assertEquals(204, jumpcloud("DELETE", "/Users/" + user, null).status());
        assertNull(replay.group(group));
        assertFalse(replay.userExists(user));
        assertEquals(usersBefore, replay.bridge().userCount());
        assertListResponse(jumpcloud("GET", "/Users?filter=userName%20eq%20%22" + email.replace("@", "%40") + "%22", null), 0);
    }

    /** Group membership in the value-array form, removal with a value, then unbinding deactivates the user. */
    @Test
    void membersAddedAndRemovedWithValueArraysAndUnbindingDeactivates() {
        String a = createUser(replay.unique("jc-a-") + "@example.com");
        String b = createUser(replay.unique("jc-b-") + "@example.com");
        String group = createGroup(replay.unique("JumpCloud Sales "));
        Response added = jumpcloud("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}""".formatted(a, b));
        assertTrue(added.status() == 200 || added.status() == 204, added.body());
        assertEquals(replay.userDns(List.of(a, b)), replay.realMemberDns(group));
        Response removed = jumpcloud("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members","value":[{"value":"%s"}]}]}""".formatted(a));
        assertTrue(removed.status() == 200 || removed.status() == 204, removed.body());
        assertEquals(replay.userDns(List.of(b)), replay.realMemberDns(group), "only the named member is removed");

        Response deactivated = jumpcloud("PATCH", "/Users/" + b, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}""");
        assertEquals(200, deactivated.status(), deactivated.body());
        assertEquals(IdpReplay.LOCKED, replay.user(b).getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
    }
}
