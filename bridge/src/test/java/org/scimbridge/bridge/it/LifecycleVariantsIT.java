package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * The other lifecycle strategies: deactivation by moving the entry to a disabled OU (the id stays), removing group
 * memberships on deactivation, and soft deletes that deactivate and tag the entry, after which SCIM answers 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleVariantsIT {

    private static final String DISABLED = "ou=disabled,ou=people,dc=example,dc=com";

    private InMemoryDirectoryServer directory;
    private BridgeHarness bridge;

    @BeforeAll
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(DemoDirectory.schema());
        config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", "admin-secret");
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: " + DISABLED, "objectClass: organizationalUnit", "ou: disabled");
        directory.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        directory.startListening();
        String yaml = Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml"))
                .replace("version: entryCSN", "version: modifyTimestamp")
                .replace("    userType: employeeType\n", "")
                .replaceFirst("scope: one", "scope: sub")
                .replace("  active:\n    strategy: value\n    attribute: pwdAccountLockedTime\n    disabled: \"000001010000Z\"\n",
                        "  active: { strategy: move, disabledBase: \"" + DISABLED + "\" }\n"
                                + "  deactivation: { removeMemberships: true }\n"
                                + "  delete: { mode: soft, tagAttribute: employeeType, tagValue: deleted }\n");
        bridge = BridgeHarness.start(new LDAPConnectionPool(new LDAPConnection("127.0.0.1", directory.getListenPort(),
                "cn=admin,dc=example,dc=com", "admin-secret"), 2), directory,
                MappingLoader.load("variants.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }

    @AfterAll
    void stop() {
        bridge.close();
        directory.shutDown(true);
    }

    private JsonNode user() {
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"var-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private DN dnOf(String id) throws Exception {
        SearchResultEntry entry = directory.searchForEntry("dc=example,dc=com", SearchScope.SUB, Filter.createEqualityFilter("entryUUID", id));
        return entry.getParsedDN();
    }

    private Response active(String id, boolean active) {
        return bridge.send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":" + active + "}}]}");
    }

    @Test
    void deactivationMovesTheEntryAndReactivationMovesItBackWithTheSameId() throws Exception {
        String id = user().path("id").asText();
        Response off = active(id, false);
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().path("active").asBoolean());
        assertEquals(new DN(DISABLED), dnOf(id).getParent());
        assertFalse(bridge.get("/Users/" + id).json().path("active").asBoolean(), "still found while disabled");
        Response on = active(id, true);
        assertEquals(200, on.status(), on.body());
        assertEquals(new DN("ou=people,dc=example,dc=com"), dnOf(id).getParent());
        assertEquals(id, on.json().path("id").asText());
    }

    @Test
    void deactivationRemovesGroupMembershipsWhenConfigured() throws Exception {
        String id = user().path("id").asText();
        DN dn = dnOf(id);
        Response group = bridge.send("POST", "/Groups", "{\"displayName\":\"Var " + id + "\",\"members\":[{\"value\":\"" + id + "\"}]}");
        assertEquals(201, group.status(), group.body());
        assertEquals(200, active(id, false).status());
        String[] members = directory.getEntry("cn=Var " + id + ",ou=groups,dc=example,dc=com").getAttributeValues("member");
        for (String member : members == null ? new String[0] : members) {
            assertFalse(new DN(member).equals(dn), "the deactivated user left the group");
        }
    }

    @Test
    void aSoftDeleteDeactivatesAndTagsAndThenTheUserIsGoneForScim() throws Exception {
        String id = user().path("id").asText();
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, null).status());
        assertEquals(404, bridge.get("/Users/" + id).status());
        SearchResultEntry kept = directory.searchForEntry("dc=example,dc=com", SearchScope.SUB, Filter.createEqualityFilter("entryUUID", id));
        assertTrue(kept != null, "the entry stays in the directory");
        assertEquals("deleted", kept.getAttributeValue("employeeType"));
        assertEquals(new DN(DISABLED), kept.getParsedDN().getParent(), "and is deactivated");
    }
}
