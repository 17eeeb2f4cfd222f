package org.scimbridge.bridge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.DN;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig.Protection;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.Eventually;

/** Protected entries on a running bridge: readable, never changed, and every refusal audited and counted. */
class ProtectionIT {

    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[";

    @TempDir
    Path folder;

    private GuardedBridge start(List<String> dns, List<String> subtrees, List<String> groups) throws Exception {
        Protection protection = new Protection(dns.stream().map(ProtectionIT::dn).toList(),
                subtrees.stream().map(ProtectionIT::dn).toList(), groups);
        return GuardedBridge.start(new Safety(Map.of(), folder.resolve("guards.json"), protection, false), folder);
    }

    private static DN dn(String text) {
        try {
            return new DN(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aProtectedUserCanBeReadButNotModifiedRenamedOrDeleted() throws Exception {
        try (GuardedBridge bridge = start(List.of("uid=root-admin," + GuardedBridge.PEOPLE), List.of(), List.of())) {
            // Creating a protected entry is refused too: it goes in through LDAP, as an administrator made it.
            bridge.directory().add("dn: uid=root-admin," + GuardedBridge.PEOPLE, "objectClass: inetOrgPerson", "uid: root-admin",
                    "cn: Root", "sn: Admin");
            String id = bridge.http().get("/Users?filter=userName%20eq%20%22root-admin%22").json().path("Resources").path(0)
                    .path("id").asText();
            String before = bridge.entry(id).orElseThrow().toLDIFString();
            assertEquals(200, bridge.http().get("/Users/" + id).status()); // remembered: a title PATCH may go unread

            Response modify = bridge.http().send("PATCH", "/Users/" + id, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Owned\"}]}");
            Response retitle = bridge.http().send("PATCH", "/Users/" + id, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Owned\"}]}");
            Response rename = bridge.http().send("PATCH", "/Users/" + id, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"not-admin\"}]}");
            Response deactivate = bridge.http().send("PATCH", "/Users/" + id, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
            Response delete = bridge.http().send("DELETE", "/Users/" + id, null);

            for (Response refused : List.of(modify, retitle, rename, deactivate, delete)) {
                assertEquals(403, refused.status(), refused.body());
                assertTrue(refused.json().path("detail").asText().contains("protected entry (protected.dns)"), refused.body());
            }
            assertEquals(before, bridge.entry(id).orElseThrow().toLDIFString());
            assertEquals(200, bridge.http().get("/Users/" + id).status());
            Eventually.await(() -> bridge.auditRecords().stream().filter(r -> r.contains("ldapResult=\"protected\"")).count() >= 5,
                    () -> bridge.auditRecords().toString());
            assertEquals(5, bridge.auditRecords().stream().filter(r -> r.contains("ldapResult=\"protected\"")).count());
            assertEquals(5.0, bridge.metric("scim_bridge_guard_refusals_total", "protected"));
        }
    }

    @Test
    void nothingIsCreatedModifiedOrDeletedInAProtectedSubtree() throws Exception {
        try (GuardedBridge bridge = start(List.of(), List.of(GuardedBridge.PEOPLE), List.of())) {
            bridge.directory().add("dn: uid=svc," + GuardedBridge.PEOPLE, "objectClass: inetOrgPerson", "uid: svc", "cn: Svc",
                    "sn: Account");
            String id = bridge.http().get("/Users?filter=userName%20eq%20%22svc%22").json().path("Resources").path(0)
                    .path("id").asText();

            Response create = bridge.http().send("POST", "/Users", "{\"userName\":\"newcomer\",\"name\":{\"familyName\":\"N\"}}");
            Response modify = bridge.http().send("PATCH", "/Users/" + id, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Owned\"}]}");
            Response delete = bridge.http().send("DELETE", "/Users/" + id, null);

            for (Response refused : List.of(create, modify, delete)) {
                assertEquals(403, refused.status(), refused.body());
                assertTrue(refused.json().path("detail").asText().contains("protected subtree"), refused.body());
            }
            assertTrue(bridge.entry(id).isPresent());
            assertEquals(1, bridge.http().userCount());
        }
    }

    @Test
    void aGroupProtectedByNameKeepsItsMembersEvenOnTheUnreadMemberPath() throws Exception {
        try (GuardedBridge bridge = start(List.of(), List.of(), List.of("Domain Admins"))) {
            String admin = bridge.user("da-admin");
            String intruder = bridge.user("da-intruder");
            bridge.directory().add("dn: cn=Domain Admins," + GuardedBridge.GROUPS, "objectClass: groupOfNames",
                    "cn: Domain Admins",
                    "member: uid=da-admin," + GuardedBridge.PEOPLE);
            String group = bridge.http().get("/Groups?filter=displayName%20eq%20%22Domain%20Admins%22").json().path("Resources")
                    .path(0).path("id").asText();
            assertEquals(200, bridge.http().get("/Groups/" + group).status()); // remembered: the next PATCH may go unread

            Response add = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + intruder + "\"}]}]}");
            Response remove = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + admin + "\\\"]\"}]}");
            Response rename = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Anyone\"}]}");

            for (Response refused : List.of(add, remove, rename)) {
                assertEquals(403, refused.status(), refused.body());
                assertTrue(refused.json().path("detail").asText().contains("protected group"), refused.body());
            }
            assertEquals(List.of("uid=da-admin," + GuardedBridge.PEOPLE),
                    List.of(bridge.entry(group).orElseThrow().getAttributeValues("member")));
        }
    }

    @Test
    void aGroupProtectedByDnCannotBeCreatedNorDeleted() throws Exception {
        try (GuardedBridge bridge = start(List.of(), List.of(), List.of("cn=ops," + GuardedBridge.GROUPS))) {
            Response create = bridge.http().send("POST", "/Groups", "{\"displayName\":\"ops\",\"members\":[]}");
            bridge.directory().add("dn: cn=ops," + GuardedBridge.GROUPS, "objectClass: groupOfNames", "cn: ops",
                    "member: cn=empty-group-placeholder," + GuardedBridge.BASE);
            String group = bridge.http().get("/Groups?filter=displayName%20eq%20%22ops%22").json().path("Resources").path(0)
                    .path("id").asText();

            Response delete = bridge.http().send("DELETE", "/Groups/" + group, null);

            assertEquals(403, create.status(), create.body());
            assertEquals(403, delete.status(), delete.body());
            assertTrue(bridge.entry(group).isPresent());
        }
    }

    @Test
    void aProtectedUserMayJoinAndLeaveAnUnprotectedGroup() throws Exception {
        try (GuardedBridge bridge = start(List.of("uid=vip," + GuardedBridge.PEOPLE), List.of(), List.of())) {
            bridge.directory().add("dn: uid=vip," + GuardedBridge.PEOPLE, "objectClass: inetOrgPerson", "uid: vip", "cn: V",
                    "sn: IP");
            String vip = bridge.http().get("/Users?filter=userName%20eq%20%22vip%22").json().path("Resources").path(0)
                    .path("id").asText();
            String group = bridge.group("team", bridge.user("team-member"));

            Response join = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + vip + "\"}]}]}");
            Response leave = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + vip + "\\\"]\"}]}");

            assertEquals(200, join.status(), join.body());
            assertEquals(200, leave.status(), leave.body());
        }
    }
}
