package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.it.IdpReplay.LOCKED;
import static org.scimbridge.bridge.it.IdpReplay.LOCK_ATTRIBUTE;
import static org.scimbridge.bridge.it.IdpReplay.assertListResponse;

import java.util.ArrayList;
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
 * The PingFederate / PingOne SCIM provisioner ("SCIM Connector", docs.pingidentity.com/integrations/scim/
 * pf_scim_connector.html, its "SCIM connector settings reference", and "PingOne SCIM provisioning features"): users
 * are found with the configured filter expression (default {@code userName eq "..."}), created with POST and updated
 * only with full PUTs (no user PATCH), disabled by a PUT with {@code active: false} or deleted, per the "Remove user
 * action" setting; groups are matched "by retrieving all groups and finding a match" and their members changed with
 * PATCH. Auth is an OAuth 2 bearer token here (the bridge has no Basic auth and no token endpoint).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PingReplayIT {

    private static final String CONTENT_TYPE = "application/scim+json";

    private IdpReplay replay;

    @BeforeAll
    void start() throws LDAPException {
        // One LDAP connection: the scan after a create runs where the scan before it ran, so a sorted list the directory
        // kept for the first (slapd's sssvlv) cannot hide the new group by luck of the pool.
        replay = IdpReplay.start(1);
    }

    @AfterAll
    void stop() {
        replay.bridge().close();
    }

    private Response ping(String method, String path, String body) {
        return replay.send(method, path, body, CONTENT_TYPE, "Bearer " + BridgeHarness.TOKEN, "Accept", "application/scim+json");
    }

    private static String user(String id, String userName, String givenName, String title, boolean active) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],%s"userName":"%s",
                 "name":{"givenName":"%s","familyName":"Lee"},"displayName":"%s Lee","title":"%s",
                 "emails":[{"value":"%s","type":"work","primary":true}],"active":%s}"""
                .formatted(id == null ? "" : "\"id\":\"" + id + "\",", userName, givenName, givenName, title, userName, active);
    }

    private String create(String userName) {
        assertListResponse(ping("GET", "/Users?filter=userName%20eq%20%22" + userName + "%22", null), 0);
        Response created = ping("POST", "/Users", user(null, userName, "Jordan", "Analyst", true));
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    /**
     * Every user change is a full PUT with active: profile changes write only the changed attributes, a PUT with
     * active false disables (locks) the account, one with true enables it again.
     */
    @Test
    void usersAreUpdatedDisabledAndEnabledByFullPutsOnly() {
        String userName = replay.unique("jlee-");
        String id = create(userName);
        Response updated = ping("PUT", "/Users/" + id, user(id, userName, "Jordan", "Senior Analyst", true));
        assertEquals(200, updated.status(), updated.body());
        assertEquals("Senior Analyst", replay.user(id).getAttributeValue("title"));

        Response disabled = ping("PUT", "/Users/" + id, user(id, userName, "Jordan", "Senior Analyst", false));
        assertEquals(200, disabled.status(), disabled.body());
        assertFalse(disabled.json().path("active").asBoolean());
        SearchResultEntry locked = replay.user(id);
        assertEquals(LOCKED, locked.getAttributeValue(LOCK_ATTRIBUTE));
        assertEquals("Senior Analyst", locked.getAttributeValue("title"));

        Response enabled = ping("PUT", "/Users/" + id, user(id, userName, "Jordy", "Senior Analyst", true));
        assertEquals(200, enabled.status(), enabled.body());
        assertTrue(enabled.json().path("active").asBoolean());
        assertNull(replay.user(id).getAttributeValue(LOCK_ATTRIBUTE));
        assertEquals("Jordy", replay.user(id).getAttributeValue("givenName"));
    }

    /** "Remove user action: Delete": the entry goes. */
    @Test
    void removeUserActionDeleteDeletesTheEntry() {
        String id = create(replay.unique("leaver-"));
        assertEquals(204, ping("DELETE", "/Users/" + id, null).status());
        assertFalse(replay.userExists(id));
    }

    /**
     * Group provisioning: all groups are listed (paged as the bridge answers, following startIndex) to find one by
     * displayName; it is created when missing, and found by that same scan afterwards. Members are then added and
     * removed by PATCH.
     */
    @Test
    void groupsAreMatchedByListingAllGroupsThenChangedByPatch() {
        String existing = replay.unique("Ping Existing ");
        assertEquals(201, ping("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s"}""".formatted(existing)).status());
        assertEquals(1, findByScan(existing).size());
        String displayName = replay.unique("Ping Analysts ");
        assertTrue(findByScan(displayName).isEmpty(), "not there yet");
        Response created = ping("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[]}"""
                .formatted(displayName));
        assertEquals(201, created.status(), created.body());
        String group = created.json().path("id").asText();
        assertEquals(List.of(group), findByScan(displayName));

        String a = create(replay.unique("member-a-"));
        String b = create(replay.unique("member-b-"));
        Response added = ping("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}""".formatted(a, b));
        assertTrue(added.status() == 200 || added.status() == 204, added.body());
        assertEquals(replay.userDns(List.of(a, b)), replay.realMemberDns(group));
        Response removed = ping("PATCH", "/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(b));
        assertTrue(removed.status() == 200 || removed.status() == 204, removed.body());
        assertEquals(replay.userDns(List.of(a)), replay.realMemberDns(group));
    }

    /** The ids of the groups named {@code displayName}, found the way Ping finds them: every page of GET /Groups. */
    private List<String> findByScan(String displayName) {
        List<String> found = new ArrayList<>();
        int startIndex = 1;
        int total = Integer.MAX_VALUE;
        while (startIndex <= total) {
            Response page = ping("GET", startIndex == 1 ? "/Groups" : "/Groups?startIndex=" + startIndex, null);
            assertEquals(200, page.status(), page.body());
            JsonNode list = page.json();
            total = list.path("totalResults").asInt();
            if (list.path("Resources").isEmpty()) {
                break;
            }
            list.path("Resources").forEach(g -> {
                if (g.path("displayName").asText().equals(displayName)) {
                    found.add(g.path("id").asText());
                }
            });
            startIndex += list.path("Resources").size();
        }
        assertEquals(total, startIndex - 1, "the scan saw every group");
        return found;
    }
}
