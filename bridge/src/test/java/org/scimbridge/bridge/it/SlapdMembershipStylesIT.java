package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * The other membership styles on a real slapd: groupOfUniqueNames/uniqueMember (every group scenario), and
 * posixGroup/memberUid, whose values are users' uid rather than DNs (RFC 2307).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlapdMembershipStylesIT {

    private static MappingConfig mapping(String groupsSection) throws Exception {
        String yaml = Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml"));
        String users = yaml.substring(0, yaml.indexOf("\ngroups:"));
        return MappingLoader.load("styles.yaml", new ByteArrayInputStream((users + "\n" + groupsSection).getBytes(StandardCharsets.UTF_8)));
    }

    private static void ensureOu(LDAPConnection admin, String ou) throws Exception {
        if (admin.getEntry("ou=" + ou + ",dc=example,dc=com") == null) {
            admin.add("dn: ou=" + ou + ",dc=example,dc=com", "objectClass: organizationalUnit", "ou: " + ou);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class UniqueMember implements GroupScenarios {

        private BridgeHarness bridge;

        @BeforeAll
        void start() throws Exception {
            SlapdServer slapd = SlapdServer.shared();
            LDAPConnection admin = slapd.connect();
            ensureOu(admin, "ugroups");
            bridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), admin, mapping("""
                    groups:
                      base: ou=ugroups,dc=example,dc=com
                      objectClasses: [top, groupOfUniqueNames]
                      rdn: cn
                      version: entryCSN
                      membership:
                        attribute: uniqueMember
                        placeholder: cn=empty-group-placeholder,dc=example,dc=com
                      attributes:
                        displayName: cn
                    """));
        }

        @AfterAll
        void stop() {
            bridge.close();
        }

        @Override
        public BridgeHarness bridge() {
            return bridge;
        }

        @Override
        public String memberAttribute() {
            return "uniqueMember";
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MemberUid {

        private BridgeHarness bridge;
        private LDAPConnection admin;

        @BeforeAll
        void start() throws Exception {
            SlapdServer slapd = SlapdServer.shared();
            admin = slapd.connect();
            ensureOu(admin, "pgroups");
            bridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), admin, mapping("""
                    groups:
                      base: ou=pgroups,dc=example,dc=com
                      objectClasses: [top, posixGroup]
                      rdn: cn
                      version: entryCSN
                      membership: { attribute: memberUid, values: name }
                      attributes:
                        displayName: cn
                    """));
        }

        @AfterAll
        void stop() {
            bridge.close();
        }

        private JsonNode user() {
            Response created = bridge.send("POST", "/Users", "{\"userName\":\"posix-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
            assertEquals(201, created.status(), created.body());
            return created.json();
        }

        /** posixGroup needs a gidNumber the IdP cannot give, so the group is made in the directory and managed by SCIM. */
        private String posixGroup(String... uids) throws Exception {
            String cn = "pg-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> ldif = new java.util.ArrayList<>(List.of("dn: cn=" + cn + ",ou=pgroups,dc=example,dc=com",
                    "objectClass: posixGroup", "cn: " + cn, "gidNumber: " + (5000 + Math.abs(cn.hashCode() % 1000))));
            for (String uid : uids) {
                ldif.add("memberUid: " + uid);
            }
            admin.add(ldif.toArray(String[]::new));
            return bridge.get("/Groups?filter=displayName%20eq%20%22" + cn + "%22").json().path("Resources").path(0).path("id").asText();
        }

        private List<String> memberUids(String groupId) throws Exception {
            String cn = bridge.get("/Groups/" + groupId).json().path("displayName").asText();
            String[] values = admin.getEntry("cn=" + cn + ",ou=pgroups,dc=example,dc=com", "memberUid").getAttributeValues("memberUid");
            return values == null ? List.of() : List.of(values);
        }

        @Test
        void membersAreShownByIdAndWrittenAsUids() throws Exception {
            JsonNode a = user();
            JsonNode b = user();
            String group = posixGroup(a.path("userName").asText());
            JsonNode read = bridge.get("/Groups/" + group).json();
            assertEquals(a.path("id").asText(), read.path("members").path(0).path("value").asText(), read.toString());
            Response added = bridge.send("PATCH", "/Groups/" + group, "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + b.path("id").asText() + "\"}]}]}");
            assertEquals(200, added.status(), added.body());
            assertEquals(List.of(a.path("userName").asText(), b.path("userName").asText()), memberUids(group));
            Response removed = bridge.send("PATCH", "/Groups/" + group, "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                    + a.path("id").asText() + "\\\"]\"}]}");
            assertEquals(200, removed.status(), removed.body());
            assertEquals(List.of(b.path("userName").asText()), memberUids(group));
        }

        @Test
        void usersShowTheirPosixGroupsAndLeaveThemWhenDeleted() throws Exception {
            JsonNode a = user();
            String group = posixGroup(a.path("userName").asText());
            assertEquals(group, bridge.get("/Users/" + a.path("id").asText()).json().path("groups").path(0).path("value").asText());
            assertEquals(204, bridge.send("DELETE", "/Users/" + a.path("id").asText(), null).status());
            assertTrue(memberUids(group).isEmpty());
            assertFalse(bridge.get("/Groups/" + group).json().path("members").elements().hasNext());
        }
    }
}
