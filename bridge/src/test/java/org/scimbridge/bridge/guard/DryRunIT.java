package org.scimbridge.bridge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig.Protection;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.Eventually;

/** Dry run: a whole IdP flow answered with success codes, audited as would-be writes, and the directory untouched. */
class DryRunIT {

    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[";

    @TempDir
    Path folder;

    private Safety dryRun() {
        return new Safety(Map.of(), folder.resolve("guards.json"), new Protection(List.of(), List.of(), List.of()), true);
    }

    @Test
    void aFullIdpFlowSucceedsAndLeavesTheDirectoryAsItWas() throws Exception {
        Safety dryRun = dryRun();
        try (GuardedBridge bridge = GuardedBridge.start(dryRun, folder)) {
            bridge.directory().add("dn: uid=existing," + GuardedBridge.PEOPLE, "objectClass: inetOrgPerson", "uid: existing",
                    "cn: Ex", "sn: Isting");
            bridge.directory().add("dn: cn=staff," + GuardedBridge.GROUPS, "objectClass: groupOfNames", "cn: staff",
                    "member: uid=existing," + GuardedBridge.PEOPLE);
            String user = bridge.http().get("/Users?filter=userName%20eq%20%22existing%22").json().path("Resources").path(0)
                    .path("id").asText();
            String group = bridge.http().get("/Groups?filter=displayName%20eq%20%22staff%22").json().path("Resources").path(0)
                    .path("id").asText();
            Set<String> before = bridge.snapshot();

            Response created = bridge.http().send("POST", "/Users", "{\"userName\":\"newcomer\",\"name\":{\"givenName\":\"N\","
                    + "\"familyName\":\"Ew\"},\"password\":\"Secret-Pass-1\"}");
            Response createdGroup = bridge.http().send("POST", "/Groups", "{\"displayName\":\"new-team\","
                    + "\"members\":[{\"value\":\"" + user + "\"}]}");
            Response patched = bridge.http().send("PATCH", "/Users/" + user, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed Display\"},"
                    + "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
            Response renamed = bridge.http().send("PATCH", "/Users/" + user, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"existing-renamed\"}]}");
            Response members = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]}");
            Response deleted = bridge.http().send("DELETE", "/Users/" + user, null);

            assertEquals(201, created.status(), created.body());
            assertEquals("newcomer", created.json().path("userName").asText());
            assertFalse(created.json().path("id").asText().isEmpty(), "a would-be id");
            assertEquals(201, createdGroup.status(), createdGroup.body());
            assertEquals(200, patched.status(), patched.body());
            assertEquals("Renamed Display", patched.json().path("displayName").asText());
            assertFalse(patched.json().path("active").asBoolean(true));
            assertEquals(200, renamed.status(), renamed.body());
            assertEquals("existing-renamed", renamed.json().path("userName").asText());
            assertEquals(200, members.status(), members.body());
            assertEquals(204, deleted.status(), deleted.body());
            assertEquals(before, bridge.snapshot(), "dry run wrote to the directory");
        }
    }

    @Test
    void theAuditRecordsListTheWritesWithNamesButNoValues() throws Exception {
        Safety dryRun = dryRun();
        try (GuardedBridge bridge = GuardedBridge.start(dryRun, folder)) {
            bridge.directory().add("dn: uid=audited," + GuardedBridge.PEOPLE, "objectClass: inetOrgPerson", "uid: audited",
                    "cn: Au", "sn: Dited");
            String user = bridge.http().get("/Users?filter=userName%20eq%20%22audited%22").json().path("Resources").path(0)
                    .path("id").asText();

            bridge.http().send("POST", "/Users", "{\"userName\":\"would-be\",\"name\":{\"familyName\":\"Secret-Family-Name\"},"
                    + "\"password\":\"Secret-Pass-1\"}");
            bridge.http().send("PATCH", "/Users/" + user, PATCH_OP
                    + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Secret-Display\"}]}");
            bridge.http().send("DELETE", "/Users/" + user, null);

            Eventually.await(() -> bridge.auditRecords().stream().anyMatch(r -> r.contains("DELETE-User")),
                    () -> bridge.auditRecords().toString());
            List<String> records = bridge.auditRecords();
            String post = records.stream().filter(r -> r.contains("POST-User")).findFirst().orElseThrow();
            String patch = records.stream().filter(r -> r.contains("PATCH-User")).findFirst().orElseThrow();
            String delete = records.stream().filter(r -> r.contains("DELETE-User")).findFirst().orElseThrow();
            assertTrue(post.contains("dryRun=\"true\"")
                    && post.contains("wouldWrite=\"add uid=would-be,ou=people,dc=example,dc=com ("), post);
            assertTrue(post.contains("(objectClass,uid,cn,sn); passwordModify uid=would-be,ou=people,dc=example,dc=com\""), post);
            assertTrue(patch.contains("wouldWrite=\"modify uid=audited,ou=people,dc=example,dc=com (displayName)\""), patch);
            assertTrue(delete.contains("wouldWrite=\"delete uid=audited,ou=people,dc=example,dc=com\""), delete);
            for (String record : records) {
                assertFalse(record.contains("Secret-"), "a value reached the audit record: " + record);
            }
        }
    }

    @Test
    void aProtectedGroupIsRefusedAsLiveEvenOnTheUnreadMemberPath() throws Exception {
        Safety dryRun = new Safety(Map.of(), folder.resolve("guards.json"), new Protection(List.of(), List.of(),
                List.of("Domain Admins")), true);
        try (GuardedBridge bridge = GuardedBridge.start(dryRun, folder)) {
            bridge.directory().add("dn: uid=someone," + GuardedBridge.PEOPLE, "objectClass: inetOrgPerson", "uid: someone",
                    "cn: Some", "sn: One");
            bridge.directory().add("dn: cn=Domain Admins," + GuardedBridge.GROUPS, "objectClass: groupOfNames",
                    "cn: Domain Admins", "member: cn=empty-group-placeholder," + GuardedBridge.BASE);
            String user = bridge.http().get("/Users?filter=userName%20eq%20%22someone%22").json().path("Resources").path(0)
                    .path("id").asText();
            String group = bridge.http().get("/Groups?filter=displayName%20eq%20%22Domain%20Admins%22").json()
                    .path("Resources").path(0).path("id").asText();
            assertEquals(200, bridge.http().get("/Groups/" + group).status()); // remembered: the next PATCH may go unread

            Response add = bridge.http().send("PATCH", "/Groups/" + group, PATCH_OP
                    + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]}");

            assertEquals(403, add.status(), add.body());
        }
    }
}
