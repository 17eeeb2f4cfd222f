package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.it.IdpReplay.ENTERPRISE;
import static org.scimbridge.bridge.it.IdpReplay.LOCKED;
import static org.scimbridge.bridge.it.IdpReplay.LOCK_ATTRIBUTE;
import static org.scimbridge.bridge.it.IdpReplay.assertListResponse;
import static org.scimbridge.bridge.it.IdpReplay.ids;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * Microsoft Entra ID's provisioning service, request by request, in both of its behaviours: the default one, and the one
 * a tenant URL ending in {@code ?aadOptscim062020} switches on. Sources: "Tutorial: Develop and plan provisioning for a
 * SCIM endpoint in Microsoft Entra ID" (learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-
 * users-and-groups), its "User operations" and "Group operations" request/response pairs, and "Known issues and
 * resolutions with SCIM 2.0 protocol compliance" (.../application-provisioning-config-problem-scim-compatibility), its
 * before/after flag examples. Entra encodes a filter's spaces as {@code +} on the wire. Each test is one whole flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntraReplayIT {

    private static final String CONTENT_TYPE = "application/scim+json";
    private static final String ADSCIM_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

    private IdpReplay replay;

    @BeforeAll
    void start() throws LDAPException {
        replay = IdpReplay.start();
    }

    @AfterAll
    void stop() {
        replay.bridge().close();
    }

    private Response entra(String method, String path, String body) {
        return replay.send(method, path, body, CONTENT_TYPE, "Bearer " + BridgeHarness.TOKEN);
    }

    /** A filter as Entra puts it on the wire: form-encoded, spaces as {@code +}. */
    private static String filter(String filter) {
        return "filter=" + filter.replace("%", "%25").replace("+", "%2B").replace(" ", "+").replace("\"", "%22")
                .replace("@", "%40");
    }

    /** The ids Entra's matching query finds: {@code GET /Users?filter=...}. */
    private List<String> matches(String filter) {
        return ids(assertListResponse(entra("GET", "/Users?" + filter(filter), null), 1));
    }

    /** One operation on {@code members} with {@code "$ref": null}, as the tutorial's group examples send it. */
    private static String members(String op, String userId) {
        return patch("{\"op\":\"" + op + "\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + userId + "\"}]}");
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    /** Tutorial, "Create User": the enterprise schema URN listed, roles [] and meta in the body. */
    private JsonNode createUser(String userName, String externalId) {
        Response created = entra("POST", "/Users", """
                {
                    "schemas": [
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                    "externalId": "%s",
                    "userName": "%s",
                    "active": true,
                    "emails": [{
                        "primary": true,
                        "type": "work",
                        "value": "%s@testuser.com"
                    }],
                    "meta": {
                        "resourceType": "User"
                    },
                    "name": {
                        "formatted": "givenName familyName",
                        "familyName": "familyName",
                        "givenName": "givenName"
                    },
                    "roles": []
                }""".formatted(externalId, userName, userName));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    /** Tutorial, "Create Group": the ADSCIM Group schema URN listed, no members. */
    private JsonNode createGroup(String displayName) {
        Response created = entra("POST", "/Groups", """
                {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"],
                    "externalId": "%s",
                    "displayName": "%s",
                    "meta": {
                        "resourceType": "Group"
                    }
                }""".formatted(ADSCIM_GROUP, UUID.randomUUID(), displayName));
        assertEquals(201, created.status(), created.body());
        assertEquals(0, created.json().path("members").size(), created.body());
        return created.json();
    }

    /**
     * Tutorial, "Test connection": Entra asks for a random user and group; the answer must be an empty list or a proper 404
     * (IDP-QUIRKS Entra 13), never a 400 or 500 that fails the connection test.
     */
    @Test
    void testConnectionProbesWithRandomIdsGetEmptyListsOr404s() {
        String random = UUID.randomUUID().toString();
        assertListResponse(entra("GET", "/Users?" + filter("userName eq \"" + random + "\""), null), 0);
        assertListResponse(entra("GET", "/Users?" + filter("externalId eq \"" + random + "\""), null), 0);
        String groupProbe = "/Groups?excludedAttributes=members&" + filter("displayName eq \"" + random + "\"");
        assertListResponse(entra("GET", groupProbe, null), 0);
        // Saving the provisioning settings reads /Schemas (tutorial, "Schema discovery"; IDP-QUIRKS Entra 15).
        Response schemas = entra("GET", "/Schemas", null);
        assertEquals(200, schemas.status(), schemas.body());
        for (String path : List.of("/Users/" + random, "/Groups/" + random, "/Users/" + random.replace("-", ""))) {
            Response probe = entra("GET", path, null);
            assertEquals(404, probe.status(), path + ": " + probe.body());
            assertEquals("404", probe.json().path("status").asText());
        }
    }

    /**
     * Default behaviour, users: create, match by userName and by externalId (quoted, and unquoted as the tutorial's
     * example shows it), capitalised ops on value paths, a userName change, the manager as a bare id string, "False"
     * as a string to disable and "True" to enable (IDP-QUIRKS Entra 1, 2, 7, 9).
     */
    @Test
    void defaultModeUserFlow() {
        String userName = replay.unique("Test_User_") + "-" + UUID.randomUUID();
        String externalId = replay.unique("jyoung");
        JsonNode user = createUser(userName, externalId);
        String id = user.path("id").asText();
        assertTrue(user.path("active").asBoolean(), user.toString());
        SearchResultEntry created = replay.user(id);
        assertEquals(externalId, created.getAttributeValue("employeeNumber"));
        assertEquals("givenName familyName", created.getAttributeValue("cn"));

        assertEquals(List.of(id), matches("userName eq \"" + userName + "\""));
        assertEquals(List.of(id), matches("externalId eq \"" + externalId + "\""));
        assertEquals(List.of(id), matches("externalId eq " + externalId));

        Response multi = entra("PATCH", "/Users/" + id, patch("""
                {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"updatedEmail@microsoft.com"},
                {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}"""));
        assertEquals(200, multi.status(), multi.body());
        assertEquals("updatedEmail@microsoft.com", replay.user(id).getAttributeValue("mail"));
        assertEquals("updatedFamilyName", replay.user(id).getAttributeValue("sn"));

        String newName = replay.unique("renamed-") + "@testuser.com";
        Response renamed = entra("PATCH", "/Users/" + id,
                patch("{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"" + newName + "\"}"));
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(id, renamed.json().path("id").asText(), "the id survives the rename");
        assertEquals("uid=" + newName, replay.user(id).getDN().split(",")[0]);

        String managerId = createUser(replay.unique("manager-") + UUID.randomUUID(), replay.unique("mgr")).path("id").asText();
        Response manager = entra("PATCH", "/Users/" + id, patch("{\"op\":\"Add\",\"path\":\"" + ENTERPRISE
                + ":manager\",\"value\":\"" + managerId + "\"}"));
        assertEquals(200, manager.status(), manager.body());
        assertEquals(replay.userDn(managerId).toString(), replay.user(id).getAttributeValue("manager"));
        assertEquals(managerId, manager.json().path(ENTERPRISE).path("manager").path("value").asText(), manager.body());

        Response disabled = entra("PATCH", "/Users/" + id, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"));
        assertEquals(200, disabled.status(), disabled.body());
        assertFalse(disabled.json().path("active").asBoolean());
        assertEquals(LOCKED, replay.user(id).getAttributeValue(LOCK_ATTRIBUTE));
        Response enabled = entra("PATCH", "/Users/" + id, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}"));
        assertEquals(200, enabled.status(), enabled.body());
        assertNull(replay.user(id).getAttributeValue(LOCK_ATTRIBUTE));
    }

    /**
     * {@code ?aadOptscim062020} behaviour, users: lower-case ops, one path-less replace whose keys are dotted paths, a value
     * path and URNs (enterprise employeeNumber, which the profile leaves unmapped, is ignored), and real booleans
     * (compliance doc, "Flags to alter the SCIM behavior"; IDP-QUIRKS Entra 2, 4).
     */
    @Test
    void flaggedModeUserFlow() {
        String userName = replay.unique("Test_User_") + "-" + UUID.randomUUID();
        String id = createUser(userName, replay.unique("ext")).path("id").asText();
        Response replaced = entra("PATCH", "/Users/" + id, patch("""
                {"op":"replace","value":{"displayName":"Pvlo","emails[type eq \\"work\\"].value":"TestBcwqnm@test.microsoft.com",
                 "name.givenName":"Gtfd","name.familyName":"Pkqf","externalId":"Eqpj",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Eqpj",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Eqpj"}}"""));
        assertEquals(200, replaced.status(), replaced.body());
        SearchResultEntry entry = replay.user(id);
        assertEquals("Pvlo", entry.getAttributeValue("displayName"));
        assertEquals("TestBcwqnm@test.microsoft.com", entry.getAttributeValue("mail"));
        assertEquals("Gtfd", entry.getAttributeValue("givenName"));
        assertEquals("Pkqf", entry.getAttributeValue("sn"));
        assertEquals("Eqpj", entry.getAttributeValue("employeeNumber"));
        assertEquals("Eqpj", entry.getAttributeValue("departmentNumber"));

        Response added = entra("PATCH", "/Users/" + id, patch("{\"op\":\"add\",\"path\":\"title\",\"value\":\"Babs\"}"));
        assertEquals(200, added.status(), added.body());
        assertEquals("Babs", replay.user(id).getAttributeValue("title"));

        Response disabled = entra("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"));
        assertEquals(200, disabled.status(), disabled.body());
        assertEquals(LOCKED, replay.user(id).getAttributeValue(LOCK_ATTRIBUTE));
        JsonNode found = assertListResponse(entra("GET", "/Users?" + filter("userName eq \"" + userName + "\""), null), 1);
        assertFalse(found.path("Resources").path(0).path("active").asBoolean(), "disabled users are still matched");
        // Whether Entra repeats the tenant URL's query on its requests is not documented; if it does, it is ignored.
        assertListResponse(entra("GET", "/Users?aadOptscim062020&" + filter("userName eq \"" + userName + "\""), null), 1);
    }

    /**
     * A user Entra created without an email (the source attribute was empty) gets one later through an add on the
     * value path {@code emails[type eq "work"].value}, which must create the element (IDP-QUIRKS Entra 5).
     */
    @Test
    void addOnAMissingWorkEmailValuePathCreatesTheMailValue() {
        Response created = entra("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"%s","userName":"%s","active":true,
                 "meta":{"resourceType":"User"},"roles":[]}""".formatted(replay.unique("nomail"), replay.unique("nomail-")));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertNull(replay.user(id).getAttributeValue("mail"));
        Response added = entra("PATCH", "/Users/" + id, patch("""
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"ryan.leenay@example.com"}"""));
        assertEquals(200, added.status(), added.body());
        assertEquals("ryan.leenay@example.com", replay.user(id).getAttributeValue("mail"));
    }

    /**
     * App role assignments arrive as {@code roles} whose values are JSON text (IDP-QUIRKS Entra 8). The shipped profiles
     * map no LDAP attribute to {@code roles} (the bridge's roles come from group rules), so the operation is accepted
     * and writes nothing: Entra does not fail the user, and the README says not to map app roles.
     */
    @Test
    void appRoleAssignmentsAreAcceptedAndWriteNothingWithoutARoleMapping() {
        String id = createUser(replay.unique("roles-") + UUID.randomUUID(), replay.unique("roles")).path("id").asText();
        String version = replay.user(id).getAttributeValue("entryCSN");
        Response accepted = entra("PATCH", "/Users/" + id, patch("""
                {"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"06b07648-ecfe-589f-9d2f-6325724a46ee\\",\
                \\"value\\":\\"25\\",\\"displayName\\":\\"Role1234\\"}"}]}"""));
        assertEquals(200, accepted.status(), accepted.body());
        assertEquals(version, replay.user(id).getAttributeValue("entryCSN"), "nothing written");
    }

    /**
     * Default behaviour, groups: create with the ADSCIM schema and no members, reads with {@code excludedAttributes=members},
     * a capitalised displayName replace, then members added with {@code "$ref":null} and one removed by a Remove that
     * carries the value (IDP-QUIRKS Entra 3, 10): that removes only the named member, never all of them.
     */
    @Test
    void defaultModeGroupFlow() {
        String a = createUser(replay.unique("ga-") + UUID.randomUUID(), replay.unique("ga")).path("id").asText();
        String b = createUser(replay.unique("gb-") + UUID.randomUUID(), replay.unique("gb")).path("id").asText();
        String displayName = replay.unique("displayName-") + UUID.randomUUID();
        String id = createGroup(displayName).path("id").asText();

        Response duplicate = entra("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s"}""".formatted(displayName));
        assertEquals(409, duplicate.status(), "displayName is unique (tutorial, 'Group operations'): " + duplicate.body());
        assertEquals("uniqueness", duplicate.json().path("scimType").asText());

        Response byId = entra("GET", "/Groups/" + id + "?excludedAttributes=members", null);
        assertEquals(200, byId.status(), byId.body());
        assertFalse(byId.json().has("members"), byId.body());
        JsonNode byName = assertListResponse(entra("GET", "/Groups?excludedAttributes=members&"
                + filter("displayName eq \"" + displayName + "\""), null), 1);
        assertEquals(List.of(id), ids(byName));

        String newName = displayName + "updatedDisplayName";
        assertSuccess(entra("PATCH", "/Groups/" + id,
                patch("{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"" + newName + "\"}")));
        assertEquals(newName, replay.group(id).getAttributeValue("cn"));

        assertSuccess(entra("PATCH", "/Groups/" + id, members("Add", a)));
        assertSuccess(entra("PATCH", "/Groups/" + id, members("Add", b)));
        assertEquals(replay.userDns(List.of(a, b)), replay.realMemberDns(id));

        assertSuccess(entra("PATCH", "/Groups/" + id, members("Remove", a)));
        assertEquals(replay.userDns(List.of(b)), replay.realMemberDns(id), "only the named member is removed");

        Response deleted = entra("DELETE", "/Groups/" + id, null);
        assertEquals(204, deleted.status(), deleted.body());
        assertNull(replay.group(id));
    }

    /** {@code ?aadOptscim062020} behaviour, groups: lower-case ops and removal through {@code members[value eq "..."]}. */
    @Test
    void flaggedModeGroupFlow() {
        String a = createUser(replay.unique("fa-") + UUID.randomUUID(), replay.unique("fa")).path("id").asText();
        String b = createUser(replay.unique("fb-") + UUID.randomUUID(), replay.unique("fb")).path("id").asText();
        String id = createGroup(replay.unique("flagged-") + UUID.randomUUID()).path("id").asText();
        assertSuccess(entra("PATCH", "/Groups/" + id, patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a
                + "\"},{\"value\":\"" + b + "\"}]}")));
        assertEquals(replay.userDns(List.of(a, b)), replay.realMemberDns(id));
        assertSuccess(entra("PATCH", "/Groups/" + id,
                patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}")));
        assertEquals(replay.userDns(List.of(b)), replay.realMemberDns(id));
        JsonNode read = entra("GET", "/Groups/" + id, null).json();
        assertEquals(Set.of(b), Set.of(read.path("members").path(0).path("value").asText()));
        assertEquals(1, read.path("members").size(), read.toString());
    }

    /**
     * "How Application Provisioning works", de-provisioning: unassigning disables the user (still returned to Entra's
     * queries); the DELETE comes only when the user is hard-deleted 30 days later, and then removes the entry and its
     * group memberships (IDP-QUIRKS Entra 11).
     */
    @Test
    void unassignDisablesAndTheLaterHardDeleteRemovesTheEntryAndItsMemberships() {
        String userName = replay.unique("leaver-") + UUID.randomUUID();
        String id = createUser(userName, replay.unique("leaver")).path("id").asText();
        String group = createGroup(replay.unique("team-") + UUID.randomUUID()).path("id").asText();
        assertSuccess(entra("PATCH", "/Groups/" + group, members("Add", id)));

        Response disabled = entra("PATCH", "/Users/" + id, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"));
        assertEquals(200, disabled.status(), disabled.body());
        assertEquals(LOCKED, replay.user(id).getAttributeValue(LOCK_ATTRIBUTE));
        assertEquals(replay.userDns(List.of(id)), replay.realMemberDns(group), "disabling keeps the memberships");
        Response stillThere = entra("GET", "/Users/" + id, null);
        assertEquals(200, stillThere.status(), stillThere.body());
        assertFalse(stillThere.json().path("active").asBoolean());

        var dn = replay.userDn(id);
        Response deleted = entra("DELETE", "/Users/" + id, null);
        assertEquals(204, deleted.status(), deleted.body());
        assertFalse(replay.userExists(id));
        assertFalse(replay.memberDns(group).contains(dn), "the group no longer names the deleted user");
        assertEquals(404, entra("GET", "/Users/" + id, null).status());
        assertListResponse(entra("GET", "/Users?" + filter("userName eq \"" + userName + "\""), null), 0);
    }

    /** Entra takes 200 or 204 for a group PATCH (the tutorial's examples answer 204). */
    private static void assertSuccess(Response response) {
        assertTrue(response.status() == 200 || response.status() == 204, response.status() + " " + response.body());
    }
}
