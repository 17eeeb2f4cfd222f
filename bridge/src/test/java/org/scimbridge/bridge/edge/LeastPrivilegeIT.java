package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFReader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The least-privilege OpenLDAP rules the README shows ({@code config/openldap-acl.ldif}, read here as shipped) are
 * enough: a slapd with exactly those rules and a bridge bound as the service account they name runs the user and group
 * life cycle; the account cannot read passwords or change the containers; and start-up warns about an administrator
 * bind but not about the service account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeIT {

    private static final String SERVICE_DN = "cn=scim-bridge,ou=services," + SlapdServer.BASE_DN;
    private static final String SERVICE_PASSWORD = "least-privilege-secret";
    private static final String ADMIN_WARNING = "bypasses every access control";

    private SlapdServer slapd;
    private BridgeHarness bridge;
    private String startupMessages;

    @BeforeAll
    void start() throws Exception {
        slapd = SlapdServer.start(SlapdServer.Options.defaults(), shippedRules());
        try (LDAPConnection admin = slapd.connect()) {
            admin.add("dn: ou=services," + SlapdServer.BASE_DN, "objectClass: organizationalUnit", "ou: services");
            admin.add("dn: " + SERVICE_DN, "objectClass: applicationProcess", "objectClass: simpleSecurityObject",
                    "cn: scim-bridge", "userPassword: " + SERVICE_PASSWORD);
        }
        Path folder = SlapdBridge.configure(slapd, SERVICE_DN, SERVICE_PASSWORD, "", "");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"), Map.of());
        bridge = new BridgeHarness(ServeCommand.start(config, "bridge.yaml", new PrintStream(messages, true,
                StandardCharsets.UTF_8)), slapd.connect(), config.mapping());
        startupMessages = messages.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() {
        bridge.close();
        slapd.close();
    }

    /** The olcAccess values of the shipped LDIF. */
    private static List<String> shippedRules() throws Exception {
        Path file = Path.of(System.getProperty("config.dir"), "openldap-acl.ldif");
        try (LDIFReader reader = new LDIFReader(Files.newInputStream(file))) {
            LDIFModifyChangeRecord change = (LDIFModifyChangeRecord) reader.readChangeRecord();
            return Arrays.stream(change.getModifications()).filter(m -> m.getAttributeName().equals("olcAccess"))
                    .flatMap(m -> Arrays.stream(m.getValues())).toList();
        }
    }

    @Test
    void theServiceAccountRunsTheUserLifeCycle() throws Exception {
        Response created = bridge.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"lp.ada\",\"password\":\"Initial-Secret-1\",\"name\":{\"givenName\":\"Ada\","
                + "\"familyName\":\"Lovelace\"},\"emails\":[{\"type\":\"work\",\"value\":\"ada@example.com\"}]}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        assertEquals(200, bridge.get("/Users/" + id).status());
        assertEquals(1, bridge.get("/Users?filter=" + ScimAssertions.enc("userName eq \"lp.ada\"")).json()
                .get("totalResults").asInt());
        Response patched = bridge.send("PATCH", "/Users/" + id, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                + "\"value\":{\"title\":\"Analyst\",\"active\":false,"
                + "\"userName\":\"lp.ada.renamed\",\"password\":\"Changed-Secret-2\"}}]}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(false, patched.json().get("active").asBoolean());
        SearchResultEntry entry = bridge.userEntryById(id).orElseThrow();
        assertEquals("uid=lp.ada.renamed,ou=people,dc=example,dc=com", entry.getDN());
        assertEquals("Analyst", entry.getAttributeValue("title"));
        try (LDAPConnection user = new LDAPConnection(slapd.host(), slapd.port())) {
            user.bind(entry.getDN(), "Changed-Secret-2");
        }
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, null).status());
        assertTrue(bridge.userEntryById(id).isEmpty());
    }

    @Test
    void theServiceAccountRunsTheGroupLifeCycle() {
        String member = bridge.send("POST", "/Users", "{\"userName\":\"lp.member\",\"name\":{\"givenName\":\"M\","
                + "\"familyName\":\"Ember\"}}").json().get("id").asText();
        Response group = bridge.send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"lp-group\",\"members\":[{\"value\":\"" + member + "\"}]}");
        assertEquals(201, group.status(), group.body());
        String groupId = group.json().get("id").asText();
        Response removed = bridge.send("PATCH", "/Groups/" + groupId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + member + "\\\"]\"}]}");
        assertTrue(removed.status() == 200 || removed.status() == 204, removed.body());
        assertEquals(204, bridge.send("DELETE", "/Groups/" + groupId, null).status());
        assertEquals(204, bridge.send("DELETE", "/Users/" + member, null).status());
    }

    @Test
    void theServiceAccountCannotReadPasswordsOrChangeTheContainers() throws Exception {
        JsonNode user = bridge.send("POST", "/Users", "{\"userName\":\"lp.secret\",\"password\":\"Hidden-Secret-3\","
                + "\"name\":{\"givenName\":\"S\",\"familyName\":\"Ecret\"}}").json();
        try (LDAPConnection service = new LDAPConnection(slapd.host(), slapd.port(), SERVICE_DN, SERVICE_PASSWORD)) {
            SearchResultEntry entry = service.getEntry("uid=lp.secret,ou=people," + SlapdServer.BASE_DN, "*", "userPassword");
            assertNull(entry.getAttribute("userPassword"), "the account sets passwords but never reads them");
            LDAPException refused = assertThrows(LDAPException.class, () -> service.modify("ou=people," + SlapdServer.BASE_DN,
                    new Modification(ModificationType.REPLACE, "description", "taken over")));
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, refused.getResultCode());
            LDAPException outside = assertThrows(LDAPException.class, () -> service.add("dn: cn=intruder," + SlapdServer.BASE_DN,
                    "objectClass: applicationProcess", "cn: intruder"));
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, outside.getResultCode());
        } finally {
            bridge.send("DELETE", "/Users/" + user.get("id").asText(), null);
        }
    }

    @Test
    void startUpDoesNotWarnAboutTheServiceAccount() {
        assertFalse(startupMessages.contains(ADMIN_WARNING), startupMessages);
    }

    @Test
    void startUpWarnsWhenTheBridgeBindsAsTheRootDn() throws Exception {
        Path folder = SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), "", "");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"), Map.of());
        try (BridgeServer admin = ServeCommand.start(config, "bridge.yaml", new PrintStream(messages, true,
                StandardCharsets.UTF_8))) {
            String printed = messages.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains(slapd.adminDn()) && printed.contains(ADMIN_WARNING), printed);
        }
    }
}
