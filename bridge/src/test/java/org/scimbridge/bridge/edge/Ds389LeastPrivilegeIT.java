package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFReader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.Ds389Server;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * The 389 Directory Server ACIs of {@code config/389ds-aci.ldif}, added as shipped to the shared instance: a bridge bound
 * as the service account they name runs users and groups, and the account cannot read passwords or change the
 * containers. The test instance lets anybody read everything but passwords, so this proves the write rights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ds389LeastPrivilegeIT {

    private static final String SERVICE_DN = "cn=scim-bridge,ou=services," + Ds389Server.BASE_DN;
    private static final String SERVICE_PASSWORD = "389-least-privilege-secret";

    private Ds389Server ds;
    private BridgeHarness bridge;

    @BeforeAll
    void start() throws Exception {
        ds = Ds389Server.shared();
        try (LDAPConnection admin = ds.connect()) {
            if (admin.getEntry("ou=services," + Ds389Server.BASE_DN) == null) {
                admin.add("dn: ou=services," + Ds389Server.BASE_DN, "objectClass: organizationalUnit", "ou: services");
            }
            if (admin.getEntry(SERVICE_DN) == null) {
                admin.add("dn: " + SERVICE_DN, "objectClass: applicationProcess", "objectClass: simpleSecurityObject",
                        "cn: scim-bridge", "userPassword: " + SERVICE_PASSWORD);
            }
            try (LDIFReader reader = new LDIFReader(Files.newInputStream(Path.of(System.getProperty("config.dir"),
                    "389ds-aci.ldif")))) {
                for (LDIFChangeRecord change = reader.readChangeRecord(); change != null; change = reader.readChangeRecord()) {
                    try {
                        change.processChange(admin);
                    } catch (LDAPException e) {
                        // The shared instance outlives this class: the ACIs may be there from an earlier run.
                        if (e.getResultCode() != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
                            throw e;
                        }
                    }
                }
            }
        }
        bridge = BridgeHarness.start(new LDAPConnectionPool(ds.connect(SERVICE_DN, SERVICE_PASSWORD), 2), ds.connect(),
                MappingLoader.load(Path.of(System.getProperty("config.dir"), "389ds.yaml")));
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @Test
    void theServiceAccountRunsTheUserLifeCycle() throws Exception {
        String name = "ds-lp-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"" + name + "\",\"password\":\"a long 389 passphrase\","
                + "\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"}}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        assertEquals(name, bridge.get("/Users/" + id).json().get("userName").asText());
        Response patched = bridge.send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"value\":"
                + "{\"title\":\"Analyst\",\"active\":false,\"userName\":\"" + name + "-renamed\"}}]}");
        assertEquals(200, patched.status(), patched.body());
        SearchResultEntry entry = bridge.userEntryById(id).orElseThrow();
        assertEquals("uid=" + name + "-renamed,ou=people,dc=example,dc=com", entry.getDN().toLowerCase());
        assertEquals("true", entry.getAttributeValue("nsAccountLock").toLowerCase());
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, null).status());
        assertTrue(bridge.userEntryById(id).isEmpty());
    }

    @Test
    void theServiceAccountRunsTheGroupLifeCycle() {
        String member = bridge.send("POST", "/Users", "{\"userName\":\"ds-lp-m-" + UUID.randomUUID().toString().substring(0, 8)
                + "\"}").json().get("id").asText();
        Response group = bridge.send("POST", "/Groups", "{\"displayName\":\"ds-lp-" + member + "\",\"members\":[{\"value\":\""
                + member + "\"}]}");
        assertEquals(201, group.status(), group.body());
        JsonNode members = group.json().get("members");
        assertEquals(member, members.get(0).get("value").asText());
        assertEquals(204, bridge.send("DELETE", "/Groups/" + group.json().get("id").asText(), null).status());
        assertEquals(204, bridge.send("DELETE", "/Users/" + member, null).status());
    }

    @Test
    void theServiceAccountCannotReadPasswordsOrChangeTheContainers() throws Exception {
        String name = "ds-lp-s-" + UUID.randomUUID().toString().substring(0, 8);
        String id = bridge.send("POST", "/Users", "{\"userName\":\"" + name + "\",\"password\":\"a long 389 passphrase\"}")
                .json().get("id").asText();
        try (LDAPConnection service = ds.connect(SERVICE_DN, SERVICE_PASSWORD)) {
            SearchResultEntry entry = service.getEntry("uid=" + name + ",ou=people," + Ds389Server.BASE_DN, "*", "userPassword");
            assertNull(entry.getAttribute("userPassword"), "the account sets passwords but never reads them");
            LDAPException refused = assertThrows(LDAPException.class, () -> service.modify("ou=people," + Ds389Server.BASE_DN,
                    new Modification(ModificationType.REPLACE, "description", "taken over")));
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, refused.getResultCode());
            LDAPException outside = assertThrows(LDAPException.class, () -> service.add("dn: cn=intruder,"
                    + Ds389Server.BASE_DN, "objectClass: applicationProcess", "cn: intruder"));
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, outside.getResultCode());
        } finally {
            bridge.send("DELETE", "/Users/" + id, null);
        }
    }
}
