package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.RDN;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.observe.Probes;
import org.scimbridge.bridge.observe.Scrape;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * A user's read-only {@code groups} and {@code roles} from the directory's {@code memberOf} (OpenLDAP's memberof overlay,
 * {@code users.memberOf: memberOf} in the mapping): the group and role scenarios pass as they do with the group search,
 * a user's GET is one LDAP search, and what the bridge remembers of groups follows renames and deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberOfSlapdIT implements GroupScenarios, RoleScenarios {

    private static final String WITH_MEMBER_OF = "  scope: one\n  memberOf: memberOf\n";
    private static final String SEARCHES = "scim_bridge_ldap_operations_seconds_count";

    private SlapdServer slapd;
    private BridgeHarness bridge;
    private BridgeHarness rolesBridge;
    private Probes probes;

    @BeforeAll
    void start() throws Exception {
        slapd = SlapdServer.start(SlapdServer.Options.defaults().memberof(true));
        // With sorted cursors on (opt-in): walks through this bridge go page by page on one sort.
        Path folder = SlapdBridge.configure(Files.createTempDirectory("memberof-it"), List.of(slapd.url()), slapd.adminDn(),
                slapd.adminPassword(), "", "", """
                requestsPerSecond: 0
                authFailures: 0
                """, Map.of("paging", "sortedCursors: true"));
        // users.memberOf goes into the users section, the first with "scope: one".
        Path mapping = folder.resolve("openldap-memberof.yaml");
        Files.writeString(mapping, Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml"))
                .replaceFirst("  scope: one\n", WITH_MEMBER_OF));
        Path config = folder.resolve("bridge.yaml");
        Files.writeString(config, Files.readString(config).replaceFirst("(?m)^mapping: .*$", "mapping: " + mapping));
        bridge = SlapdBridge.harness(slapd, folder);
        probes = new Probes(bridge);
        RoleScenarios.createRoleGroup(slapd.connect());
        rolesBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(),
                RoleScenarios.mapping("entryCSN", yaml -> yaml.replaceFirst("  scope: one\n", WITH_MEMBER_OF)));
    }

    @AfterAll
    void stop() {
        bridge.close();
        rolesBridge.close();
        slapd.close();
    }

    @Override
    public BridgeHarness bridge() {
        return bridge;
    }

    @Override
    public BridgeHarness rolesBridge() {
        return rolesBridge;
    }

    /** With sorted cursors the pool holds {@code paging.maxCursors} (by default a quarter of poolSize 4) beyond poolSize. */
    @Test
    void thePoolHoldsTheCursorsConnectionsBesideItsConfiguredSize() {
        assertEquals(4 + 1, probes.scrape().value("scim_bridge_ldap_pool_connections_max"));
    }

    @Test
    void aUsersGroupsComeWithTheUserInOneSearch() {
        String user = user();
        String first = group(unique("Readers"), user);
        String second = group(unique("Writers"), user);
        bridge.get("/Users/" + user); // what the bridge remembers of the two groups is read here, once

        Scrape before = probes.scrape();
        Response shown = bridge.get("/Users/" + user);
        Scrape after = probes.scrape();

        assertEquals(200, shown.status(), shown.body());
        assertEquals(Set.of(first, second), Set.copyOf(shown.json().path("groups").findValuesAsText("value")), shown.body());
        JsonNode readers = shown.json().path("groups").path(shown.json().path("groups").path(0).path("value").asText()
                .equals(first) ? 0 : 1);
        assertTrue(readers.path("display").asText().startsWith("Readers-"), readers.toString());
        assertTrue(readers.path("$ref").asText().endsWith("/Groups/" + first), readers.toString());
        assertEquals(1, searches(after) - searches(before), "the user's lookup only, no search on the groups");
    }

    /**
     * Entra ID's attribute update of a user the bridge answered before: ONE LDAP operation, a modify at the remembered
     * DN whose post-read gives the 200 its user, groups included (KnownUserPatch).
     */
    @Test
    void aTitlePatchOfAnAnsweredUserIsOneModify() {
        String user = user();
        String group = group(unique("Patched"), user);
        bridge.get("/Users/" + user); // the user's DN, and its group's name, are remembered here

        Scrape before = probes.scrape();
        Response patched = bridge.send("PATCH", "/Users/" + user, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Commodore\"}]}");
        Scrape after = probes.scrape();

        assertEquals(200, patched.status(), patched.body());
        assertEquals("Commodore", patched.json().path("title").asText(), patched.body());
        assertEquals(List.of(group), patched.json().path("groups").findValuesAsText("value"), patched.body());
        assertEquals(0, searches(after) - searches(before), "no lookup");
        assertEquals(1, operations(after, "modify") - operations(before, "modify"));
        assertEquals("Commodore", bridge.userEntryById(user).orElseThrow().getAttributeValue("title"));
    }

    /** Entra ID's matching: a user found by a userName filter (created outside SCIM) is then PATCHed unread too. */
    @Test
    void aUserFoundByItsUserNameIsPatchedUnread() throws Exception {
        String userName = unique("matched");
        DN dn = new DN(new RDN("uid", userName), bridge.mapping().users().base());
        bridge.admin().add(new Entry(dn.toString(), new Attribute("objectClass", "inetOrgPerson"), new Attribute("uid", userName),
                new Attribute("cn", userName), new Attribute("sn", userName)));
        Response found = bridge.get("/Users?filter=" + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8));
        String id = found.json().path("Resources").path(0).path("id").asText();

        Scrape before = probes.scrape();
        Response patched = bridge.send("PATCH", "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\","
                + "\"value\":\"Fleet\"}]}");
        Scrape after = probes.scrape();

        assertEquals(200, patched.status(), patched.body());
        assertEquals(0, searches(after) - searches(before), "no lookup");
        assertEquals(1, operations(after, "modify") - operations(before, "modify"));
        assertEquals("Fleet", bridge.admin().getEntry(dn.toString(), "departmentNumber").getAttributeValue("departmentNumber"));
    }

    @Test
    void groupsOutsideTheMappedSubtreeAreLeftOut() throws Exception {
        String user = user();
        String dn = bridge.userEntryById(user).orElseThrow().getDN();
        bridge.admin().add("dn: cn=outside-" + user + ",ou=roles,dc=example,dc=com", "objectClass: groupOfNames",
                "cn: outside-" + user, "member: " + dn);
        assertTrue(slapd.connect().getEntry(dn, "memberOf").hasAttribute("memberOf"), "the overlay keeps memberOf");
        JsonNode shown = bridge.get("/Users/" + user).json();
        assertFalse(shown.has("groups"), shown.toString());
    }

    @Test
    void aGroupDeletedAndCreatedAgainUnderTheSameNameShowsItsNewId() {
        String user = user();
        String name = unique("Again");
        String old = group(name, user);
        assertEquals(List.of(old), bridge.get("/Users/" + user).json().path("groups").findValuesAsText("value"));
        assertEquals(204, bridge.send("DELETE", "/Groups/" + old, null).status());
        assertFalse(bridge.get("/Users/" + user).json().has("groups"), "the overlay dropped memberOf");

        String again = group(name, user);
        assertNotEquals(old, again);
        assertEquals(List.of(again), bridge.get("/Users/" + user).json().path("groups").findValuesAsText("value"));
    }

    @Test
    void aGroupRenamedThroughTheBridgeOrInTheDirectoryShowsItsNewName() throws Exception {
        String user = user();
        String id = group(unique("Before"), user);
        bridge.get("/Users/" + user);
        String renamed = unique("Renamed");
        Response patched = bridge.send("PATCH", "/Groups/" + id,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + renamed + "\"}]}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(renamed, bridge.get("/Users/" + user).json().path("groups").path(0).path("display").asText());

        // Renamed behind the bridge's back: the overlay rewrites memberOf, and the new DN is read afresh.
        String elsewhere = unique("Elsewhere");
        bridge.admin().modifyDN("cn=" + renamed + ",ou=groups,dc=example,dc=com", "cn=" + elsewhere, true);
        JsonNode group = bridge.get("/Users/" + user).json().path("groups").path(0);
        assertEquals(elsewhere, group.path("display").asText(), group.toString());
        assertEquals(id, group.path("value").asText());
    }

    @Test
    void aPatchAnswersWithTheUsersGroups() {
        String user = user();
        String id = group(unique("Patched"), user);
        Response patched = bridge.send("PATCH", "/Users/" + user,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Reader\"}]}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(List.of(id), patched.json().path("groups").findValuesAsText("value"), patched.body());
    }

    /** A walk in pages of 3 (a cursor from the first page on): every user once, and the same total on every page. */
    @Test
    void aWalkSeesEveryUserOnceWithTheSameTotalOnEveryPage() {
        for (int n = 0; n < 7; n++) {
            user();
        }
        long total = bridge.get("/Users?count=0").json().path("totalResults").asLong();
        Set<String> seen = new HashSet<>();
        for (int start = 1; start <= total; start += 3) {
            Response page = bridge.get("/Users?startIndex=" + start + "&count=3");
            assertEquals(200, page.status(), page.body());
            assertEquals(total, page.json().path("totalResults").asLong(), "page from " + start);
            page.json().path("Resources").findValuesAsText("id").forEach(id -> assertTrue(seen.add(id), "twice: " + id));
        }
        assertEquals(total, seen.size());
    }

    private double searches(Scrape scrape) {
        return operations(scrape, "search");
    }

    private double operations(Scrape scrape, String op) {
        return scrape.find(SEARCHES, "op", op).stream().mapToDouble(Scrape.Sample::value).sum();
    }

    private String user() {
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"" + unique("member-of") + "\"}");
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    private String group(String displayName, String member) {
        Response created = bridge.send("POST", "/Groups", "{\"displayName\":\"" + displayName + "\",\"members\":[{\"value\":\""
                + member + "\"}]}");
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
