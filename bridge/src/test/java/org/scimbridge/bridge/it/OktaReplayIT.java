package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.it.IdpReplay.PATCH_OP;
import static org.scimbridge.bridge.it.IdpReplay.PLACEHOLDER;
import static org.scimbridge.bridge.it.IdpReplay.assertListResponse;
import static org.scimbridge.bridge.it.IdpReplay.dn;
import static org.scimbridge.bridge.it.IdpReplay.ids;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Okta's provisioning flow, request by request, as the Okta SCIM 2.0 reference ("SCIM 2.0 Protocol Reference",
 * developer.okta.com/docs/reference/scim/scim-20/) shows it: header token, {@code application/scim+json; charset=utf-8},
 * the {@code Okta SCIM Client} user agent, query strings percent-encoded as Okta sends them. Users are never deleted
 * (Okta deactivates); pushed groups are. Each step checks the response Okta needs and the LDAP entry it leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OktaReplayIT {

    private static final String CONTENT_TYPE = "application/scim+json; charset=utf-8";
    private static final String USER_AGENT = "Okta SCIM Client 1.0.0";

    private IdpReplay replay;
    private String userName;
    private String userId;
    private String groupId;
    private String groupName;
    private List<String> imported;

    @BeforeAll
    void start() throws LDAPException {
        replay = IdpReplay.start();
        userName = replay.unique("test.user") + "@okta.local";
        groupName = "Test SCIMv2 " + replay.unique("");
        // People already in the directory, which Okta imports and then pushes into a group in batches of 100.
        imported = replay.seedPeople("okta-import", 150);
    }

    @AfterAll
    void stop() {
        replay.bridge().close();
    }

    private Response okta(String method, String path, String body) {
        return replay.send(method, path, body, CONTENT_TYPE, "Bearer " + BridgeHarness.TOKEN,
                "Accept", "application/scim+json; charset=utf-8", "User-Agent", USER_AGENT);
    }

    /** The lookup Okta sends before a create, percent-encoded as Okta sends it. */
    private static String existenceCheck(String resources, String attribute, String value) {
        String filter = attribute + " eq \"" + value + "\"";
        String encoded = filter.replace("%", "%25").replace(" ", "%20").replace("\"", "%22").replace("@", "%40");
        return "/" + resources + "?filter=" + encoded + "&startIndex=1&count=100";
    }

    /** Reference, "Determine if the User already exists": the filter Okta runs before every create; 0 results means new. */
    @Test
    @Order(1)
    void existenceCheckOfANewUserFindsNothing() {
        Response response = okta("GET", existenceCheck("Users", "userName", userName), null);
        JsonNode list = assertListResponse(response, 0);
        assertEquals(0, list.path("Resources").size(), list.toString());
    }

    /** Reference, "Retrieve a specific User": an unknown id is a 404 with a SCIM error body. */
    @Test
    @Order(2)
    void retrievingAnUnknownIdIsAScim404() {
        Response response = okta("GET", "/Users/23a35c27-23d3-4c03-b4c5-6443c09e7173", null);
        assertEquals(404, response.status(), response.body());
        assertEquals("404", response.json().path("status").asText());
    }

    /** Reference, "Create the User": password and an empty groups array in the body; 201 with the new id. */
    @Test
    @Order(3)
    void createWithPasswordAndEmptyGroupsWritesTheEntryAndAUsablePassword() throws LDAPException {
        Response created = okta("POST", "/Users", """
                {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": "%s",
                    "name": {
                        "givenName": "Test",
                        "familyName": "User"
                    },
                    "emails": [{
                        "primary": true,
                        "value": "%s",
                        "type": "work"
                    }],
                    "displayName": "Test User",
                    "locale": "en-US",
                    "externalId": "00ujl29u0le5T6Aj10h7",
                    "groups": [],
                    "password": "1mz050nq",
                    "active": true
                }""".formatted(userName, userName));
        assertEquals(201, created.status(), created.body());
        JsonNode user = created.json();
        userId = user.path("id").asText();
        assertFalse(userId.isEmpty(), user.toString());
        assertTrue(user.path("active").asBoolean(), user.toString());
        assertTrue(created.header("Location").orElseThrow().endsWith("/Users/" + userId));
        assertTrue(created.header("Content-Type").orElseThrow().startsWith("application/scim+json"), created.headers().toString());
        assertEquals(user.path("meta").path("version").asText(), created.header("ETag").orElseThrow());
        assertFalse(created.body().contains("1mz050nq"), "the password is never returned");
        var entry = replay.user(userId);
        assertEquals(userName, entry.getAttributeValue("uid"));
        assertEquals("Test", entry.getAttributeValue("givenName"));
        assertEquals("User", entry.getAttributeValue("sn"));
        assertEquals(userName, entry.getAttributeValue("mail"));
        assertEquals("00ujl29u0le5T6Aj10h7", entry.getAttributeValue("employeeNumber"));
        assertNull(entry.getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
        assertBinds(entry.getDN(), "1mz050nq");
    }

    /** Reference, "Create the User": a second create of the same userName must be a 409 so Okta links instead. */
    @Test
    @Order(4)
    void aDuplicateCreateIsA409Uniqueness() {
        int before = replay.bridge().userCount();
        Response duplicate = okta("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Test","familyName":"User"},"emails":[{"primary":true,"value":"%s","type":"work"}],
                 "displayName":"Test User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7","groups":[],
                 "password":"1mz050nq","active":true}""".formatted(userName, userName));
        assertEquals(409, duplicate.status(), duplicate.body());
        assertEquals("uniqueness", duplicate.json().path("scimType").asText());
        assertEquals(before, replay.bridge().userCount());
    }

    /** Reference, "Determine if the User already exists": now exactly one match, with the id Okta stores. */
    @Test
    @Order(5)
    void existenceCheckFindsTheCreatedUser() {
        Response response = okta("GET", existenceCheck("Users", "userName", userName), null);
        JsonNode list = assertListResponse(response, 1);
        assertEquals(List.of(userId), ids(list));
        assertEquals(1, list.path("startIndex").asInt());
        assertEquals(1, list.path("itemsPerPage").asInt());
    }

    /**
     * Reference, "Update a specific User (PUT)": App Integration Wizard apps send every profile change as a full PUT,
     * and their bodies need not carry active (IDP-QUIRKS Okta 3); the user must stay active and the profile change.
     */
    @Test
    @Order(6)
    void customAppFullPutWithoutActiveUpdatesTheProfileAndKeepsTheUserActive() {
        Response replaced = okta("PUT", "/Users/" + userId, putBody("Another", "Another User"));
        assertEquals(200, replaced.status(), replaced.body());
        assertTrue(replaced.json().path("active").asBoolean(), replaced.body());
        assertEquals("Another", replaced.json().path("name").path("givenName").asText());
        var entry = replay.user(userId);
        assertEquals("Another", entry.getAttributeValue("givenName"));
        assertEquals("Another User", entry.getAttributeValue("displayName"));
        assertNull(entry.getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
    }

    private String putBody(String givenName, String displayName) {
        return """
                {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "id": "%s",
                    "userName": "%s",
                    "name": {
                        "givenName": "%s",
                        "middleName": "",
                        "familyName": "User"
                    },
                    "emails": [{
                        "primary": true,
                        "value": "%s",
                        "type": "work"
                    }],
                    "displayName": "%s",
                    "locale": "en-US",
                    "externalId": "00ujl29u0le5T6Aj10h7",
                    "groups": [],
                    "meta": {
                        "resourceType": "User"
                    }
                }""".formatted(userId, userName, givenName, userName, displayName);
    }

    /** Reference, "Update a specific User (PATCH)": OIN apps deactivate with a path-less replace (IDP-QUIRKS Okta 4, 5). */
    @Test
    @Order(7)
    void oinPatchWithoutPathDeactivatesAndLocksTheAccount() {
        Response deactivated = okta("PATCH", "/Users/" + userId, """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{
                        "op": "replace",
                        "value": {
                            "active": false
                        }
                    }]
                }""");
        assertEquals(200, deactivated.status(), deactivated.body());
        assertFalse(deactivated.json().path("active").asBoolean(), deactivated.body());
        assertEquals(IdpReplay.LOCKED, replay.user(userId).getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
        JsonNode found = assertListResponse(okta("GET", existenceCheck("Users", "userName", userName), null), 1);
        assertFalse(found.path("Resources").path(0).path("active").asBoolean(), "deactivated users are still returned");
    }

    /** A custom app's profile PUT after a deactivation, again without active, must not reactivate the user. */
    @Test
    @Order(8)
    void customAppPutWithoutActiveLeavesADeactivatedUserInactive() {
        Response replaced = okta("PUT", "/Users/" + userId, putBody("Test", "Test User"));
        assertEquals(200, replaced.status(), replaced.body());
        assertFalse(replaced.json().path("active").asBoolean(), replaced.body());
        var entry = replay.user(userId);
        assertEquals("Test", entry.getAttributeValue("givenName"));
        assertEquals(IdpReplay.LOCKED, entry.getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
    }

    /** Reference, "Update a specific User (PATCH)": reactivation and a password change, both path-less replaces. */
    @Test
    @Order(9)
    void oinPatchReactivatesAndChangesThePassword() throws LDAPException {
        Response reactivated = okta("PATCH", "/Users/" + userId, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":true}}]}""");
        assertEquals(200, reactivated.status(), reactivated.body());
        assertTrue(reactivated.json().path("active").asBoolean(), reactivated.body());
        assertNull(replay.user(userId).getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
        Response password = okta("PATCH", "/Users/" + userId, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"password":"t1meMa$heen"}}]}""");
        assertEquals(200, password.status(), password.body());
        assertFalse(password.body().contains("t1meMa$heen"));
        assertBinds(replay.user(userId).getDN(), "t1meMa$heen");
    }

    /**
     * Reference, "Retrieve Users" (import): {@code startIndex=1&count=100}, then on while startIndex is within
     * totalResults; every user exactly once, counts as integers, the same total on every page (IDP-QUIRKS Okta 10).
     */
    @Test
    @Order(10)
    void importPagesThroughEveryUserOnceWithCount100() {
        List<String> seen = new ArrayList<>();
        int startIndex = 1;
        int total = -1;
        int pages = 0;
        while (total < 0 || startIndex <= total) {
            Response response = okta("GET", "/Users?startIndex=" + startIndex + "&count=100", null);
            assertEquals(200, response.status(), response.body());
            JsonNode page = response.json();
            if (total < 0) {
                total = page.path("totalResults").asInt();
            }
            JsonNode checked = assertListResponse(response, total);
            assertEquals(startIndex, checked.path("startIndex").asInt());
            int size = checked.path("Resources").size();
            assertEquals(size, checked.path("itemsPerPage").asInt());
            assertTrue(size <= 100 && size > 0, "page size " + size);
            seen.addAll(ids(checked));
            startIndex += size;
            pages++;
        }
        assertTrue(pages >= 2, "more than 100 users, so more than one page: " + total);
        assertEquals(total, seen.size());
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no user on two pages");
        assertTrue(seen.containsAll(imported) && seen.contains(userId));
    }

    /** Reference, "Create Groups" (Group Push): existence check, then a create with empty members; 201 with the id. */
    @Test
    @Order(11)
    void groupPushCreatesAnEmptyGroup() {
        Response check = okta("GET", existenceCheck("Groups", "displayName", groupName), null);
        assertListResponse(check, 0);
        Response created = okta("POST", "/Groups", """
                {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": "%s",
                    "members": []
                }""".formatted(groupName));
        assertEquals(201, created.status(), created.body());
        groupId = created.json().path("id").asText();
        assertEquals(groupName, created.json().path("displayName").asText());
        assertEquals(0, created.json().path("members").size());
        assertEquals(groupName, replay.group(groupId).getAttributeValue("cn"));
        assertEquals(Set.of(dn(PLACEHOLDER)), replay.memberDns(groupId));
        Response read = okta("GET", "/Groups/" + groupId, null);
        assertEquals(200, read.status(), read.body());
    }

    /** Reference, "Update a specific Group name": a path-less replace that carries the read-only id (IDP-QUIRKS Okta 6). */
    @Test
    @Order(12)
    void renameWithTheIdInTheValueRenamesTheGroup() {
        groupName = groupName + " renamed";
        Response renamed = okta("PATCH", "/Groups/" + groupId, """
                {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{
                        "op": "replace",
                        "value": {
                            "id": "%s",
                            "displayName": "%s"
                        }
                    }]
                }""".formatted(groupId, groupName));
        assertSuccess(renamed);
        var entry = replay.group(groupId);
        assertNotNull(entry, "the id survives the rename");
        assertEquals(groupName, entry.getAttributeValue("cn"));
        assertEquals(Set.of(dn(PLACEHOLDER)), replay.memberDns(groupId));
    }

    /** Reference, "Update Group membership": 100 adds in one PATCH (Okta's default batch, IDP-QUIRKS Okta 9). */
    @Test
    @Order(13)
    void aBatchOf100MembersIsAddedInOnePatch() {
        List<String> first = imported.subList(0, 100);
        Response added = okta("PATCH", "/Groups/" + groupId, membershipPatch(List.of(), first));
        assertSuccess(added);
        assertEquals(replay.userDns(first), replay.realMemberDns(groupId));
    }

    /**
     * Reference, "Update Group membership": removes by value filter and an add, mixed in one PATCH that also repeats the
     * name with the id (IDP-QUIRKS Okta 6, 7); member objects have value and display, no type. 50 out, 50 in.
     */
    @Test
    @Order(14)
    void aMixedPatchOf50RemovesAnd50AddsChangesExactlyThoseMembers() {
        List<String> out = imported.subList(0, 50);
        List<String> in = imported.subList(100, 150);
        Response mixed = okta("PATCH", "/Groups/" + groupId, membershipPatch(out, in));
        assertSuccess(mixed);
        List<String> expected = new ArrayList<>(imported.subList(50, 150));
        assertEquals(replay.userDns(expected), replay.realMemberDns(groupId));
        JsonNode read = okta("GET", "/Groups/" + groupId, null).json();
        Set<String> shown = new TreeSet<>();
        read.path("members").forEach(m -> shown.add(m.path("value").asText()));
        assertEquals(new TreeSet<>(expected), shown);
        assertEquals(groupName, read.path("displayName").asText());
    }

    private String membershipPatch(List<String> remove, List<String> add) {
        StringBuilder operations = new StringBuilder("""
                {"op":"replace","value":{"id":"%s","displayName":"%s"}}""".formatted(groupId, groupName));
        for (String id : remove) {
            operations.append(",{\"op\":\"remove\",\"path\":\"members[value eq \\\"").append(id).append("\\\"]\"}");
        }
        if (!add.isEmpty()) {
            StringBuilder values = new StringBuilder();
            for (String id : add) {
                values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\",\"display\":\"")
                        .append(replay.user(id).getAttributeValue("uid")).append("\"}");
            }
            operations.append(",{\"op\":\"add\",\"path\":\"members\",\"value\":[").append(values).append("]}");
        }
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operations + "]}";
    }

    /** "Push now" on a group emptied in Okta sends replace members [] (IDP-QUIRKS Okta 8, SCIM-SDK#757). */
    @Test
    @Order(15)
    void pushNowOfAnEmptyGroupReplacesMembersWithNothing() {
        Response emptied = okta("PATCH", "/Groups/" + groupId, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"members","value":[]}]}""");
        assertSuccess(emptied);
        assertEquals(Set.of(dn(PLACEHOLDER)), replay.memberDns(groupId));
        assertEquals(0, okta("GET", "/Groups/" + groupId, null).json().path("members").size());
    }

    /** Reference, "Delete a specific Group": unlinking a pushed group with "delete in target"; users stay. */
    @Test
    @Order(16)
    void deletingThePushedGroupRemovesItsEntryAndNoUser() {
        Response deleted = okta("DELETE", "/Groups/" + groupId, null);
        assertEquals(204, deleted.status(), deleted.body());
        assertNull(replay.group(groupId));
        assertEquals(404, okta("GET", "/Groups/" + groupId, null).status());
        assertTrue(replay.userExists(userId) && replay.userExists(imported.get(0)));
    }

    /** Okta takes 200 with the group or 204 for a group PATCH ("Update a specific Group name"). */
    private static void assertSuccess(Response response) {
        assertTrue(response.status() == 200 || response.status() == 204, response.status() + " " + response.body());
    }

    private static void assertBinds(String dn, String password) throws LDAPException {
        SlapdServer slapd = SlapdServer.shared();
        try (LDAPConnection connection = new LDAPConnection(slapd.host(), slapd.port())) {
            assertEquals(ResultCode.SUCCESS, connection.bind(dn, password).getResultCode());
        }
    }
}
