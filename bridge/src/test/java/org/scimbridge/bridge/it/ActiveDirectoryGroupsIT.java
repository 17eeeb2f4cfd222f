package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.ldap.RangedValues;
import org.scimbridge.bridge.testing.ActiveDirectoryLikeServer;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * Active Directory style groups on an in-memory directory with AD's schema and behaviour: objectGUID ids, member lists
 * returned in ranges past MaxValRange (10 here, 1500 in AD), and adminLimitExceeded for modifies carrying more than
 * 100 member values. A large group must never be seen as empty, and big changes must be split.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActiveDirectoryGroupsIT {

    private static final String MAPPING = """
            users:
              base: ou=people,dc=ad,dc=example,dc=com
              objectClasses: [top, person, organizationalPerson, user]
              rdn: cn
              id: objectGUID
              version: uSNChanged
              created: whenCreated
              lastModified: whenChanged
              attributes:
                userName: cn
                displayName: displayName
                'emails[type eq "work"].value': mail
            groups:
              base: ou=groups,dc=ad,dc=example,dc=com
              objectClasses: [top, group]
              rdn: cn
              id: objectGUID
              version: uSNChanged
              created: whenCreated
              lastModified: whenChanged
              membership: { attribute: member, rangedReads: true, chunkSize: 100 }
              attributes:
                displayName: cn
            """;
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ActiveDirectoryLikeServer ad;
    private BridgeHarness bridge;
    private LDAPConnection admin;
    private final List<String> users = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        ad = ActiveDirectoryLikeServer.start(ActiveDirectoryLikeServer.Options.defaults().maxValRange(10).maxMemberValuesPerModify(100));
        admin = ad.connect();
        bridge = BridgeHarness.start(ad.connectionPool(4), admin,
                MappingLoader.load("ad.yaml", new ByteArrayInputStream(MAPPING.getBytes(StandardCharsets.UTF_8))));
        for (int i = 0; i < 250; i++) {
            Response created = bridge.send("POST", "/Users", "{\"userName\":\"ad-user-" + i + "\",\"displayName\":\"AD User " + i + "\"}");
            assertEquals(201, created.status(), created.body());
            users.add(created.json().path("id").asText());
        }
    }

    @AfterAll
    void stop() {
        bridge.close();
        admin.close();
        ad.close();
    }

    private String membersJson(List<String> ids) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"value\":\"").append(ids.get(i)).append("\"}");
        }
        return json.append(']').toString();
    }

    private int ldapMemberCount(String groupName) throws Exception {
        return RangedValues.readAll(admin, "cn=" + groupName + "," + ActiveDirectoryLikeServer.GROUPS_DN, "member").size();
    }

    @Test
    void idsAreObjectGuidsInCanonicalForm() {
        String id = users.getFirst();
        assertTrue(GUID.matcher(id).matches(), id);
        assertEquals("ad-user-0", bridge.get("/Users/" + id).json().path("userName").asText());
        assertEquals(1, bridge.get("/Users?filter=id%20eq%20%22" + id + "%22").json().path("totalResults").asInt());
    }

    @Test
    void aGroupCreatedWithMoreMembersThanOneModifyMayCarryIsWrittenInChunks() throws Exception {
        Response created = bridge.send("POST", "/Groups", "{\"displayName\":\"Chunked\",\"members\":" + membersJson(users) + "}");
        assertEquals(201, created.status(), created.body());
        assertEquals(250, ldapMemberCount("Chunked"));
    }

    /** AD returns member;range=0-9 and no plain member for this group: read naively it would look empty. */
    @Test
    void aLargeGroupIsReadInRangesAndNeverSeenAsEmpty() {
        Response created = bridge.send("POST", "/Groups", "{\"displayName\":\"Ranged\",\"members\":" + membersJson(users.subList(0, 120)) + "}");
        assertEquals(201, created.status(), created.body());
        JsonNode group = bridge.get("/Groups/" + created.json().path("id").asText()).json();
        assertEquals(120, group.path("members").size(), "every member, through every range");
        assertTrue(GUID.matcher(group.path("members").path(0).path("value").asText()).matches());
    }

    @Test
    void patchAndPutOnALargeGroupKeepEveryOtherMember() throws Exception {
        Response created = bridge.send("POST", "/Groups", "{\"displayName\":\"Kept\",\"members\":" + membersJson(users.subList(0, 200)) + "}");
        String id = created.json().path("id").asText();
        Response added = bridge.send("PATCH", "/Groups/" + id + "?excludedAttributes=members",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(200) + "\"}]}]}");
        assertEquals(200, added.status(), added.body());
        assertEquals(201, ldapMemberCount("Kept"), "one value added, none of the 200 lost");
        List<String> wanted = new ArrayList<>(users.subList(2, 201));
        Response replaced = bridge.send("PUT", "/Groups/" + id + "?excludedAttributes=members",
                "{\"displayName\":\"Kept\",\"members\":" + membersJson(wanted) + "}");
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(199, ldapMemberCount("Kept"), "PUT wrote the difference: two deletes");
        Response many = bridge.send("PATCH", "/Groups/" + id + "?excludedAttributes=members",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":" + membersJson(users.subList(0, 250)) + "}]}");
        assertEquals(200, many.status(), "250 values exceed AD's per-modify limit of 100, so they go in chunks: " + many.body());
        assertEquals(250, ldapMemberCount("Kept"));
    }
}
