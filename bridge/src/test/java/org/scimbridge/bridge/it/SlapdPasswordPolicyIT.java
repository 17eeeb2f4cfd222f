package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * The OpenLDAP profile's lifecycle against slapd with the ppolicy overlay: deactivation must really refuse the user's
 * bind and reactivation allow it again; passwords go through the Password Modify operation (RFC 3062) so slapd hashes
 * and checks them, and a policy rejection is a 400 with slapd's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlapdPasswordPolicyIT {

    private static final String POLICY = "cn=default,ou=policies,dc=example,dc=com";
    private static final String SERVICE = "cn=scim-bridge,dc=example,dc=com";
    private static final String SERVICE_PASSWORD = UUID.randomUUID().toString();

    private SlapdServer slapd;
    private BridgeHarness bridge;
    private LDAPConnection admin;

    @BeforeAll
    void start() throws Exception {
        slapd = SlapdServer.start(SlapdServer.Options.defaults().ppolicy(true));
        admin = slapd.connect();
        admin.add("dn: ou=policies,dc=example,dc=com", "objectClass: organizationalUnit", "ou: policies");
        admin.add("dn: " + POLICY, "objectClass: organizationalRole", "objectClass: pwdPolicy", "cn: default",
                "pwdAttribute: userPassword", "pwdLockout: TRUE", "pwdMinLength: 12", "pwdCheckQuality: 2");
        // The bridge binds as a least-privilege service account: slapd exempts its rootdn from password policy checks.
        admin.add("dn: " + SERVICE, "objectClass: organizationalRole", "objectClass: simpleSecurityObject", "cn: scim-bridge",
                "userPassword: " + SERVICE_PASSWORD);
        bridge = BridgeHarness.start(new LDAPConnectionPool(new LDAPConnection(slapd.host(), slapd.port(), SERVICE, SERVICE_PASSWORD), 2),
                admin, MappingLoader.load(Path.of(System.getProperty("config.dir"), "openldap.yaml")));
    }

    @AfterAll
    void stop() {
        bridge.close();
        admin.close();
        slapd.close();
    }

    private JsonNode user(String password) throws LDAPException {
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"pw-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"password\":\"" + password + "\"}");
        assertEquals(201, created.status(), created.body());
        String dn = bridge.userEntryById(created.json().path("id").asText()).orElseThrow().getDN();
        admin.modify(dn, new Modification(ModificationType.ADD, "pwdPolicySubentry", POLICY));
        return created.json();
    }

    private void bind(JsonNode user, String password) throws LDAPException {
        String dn = bridge.userEntryById(user.path("id").asText()).orElseThrow().getDN();
        try (LDAPConnection connection = new LDAPConnection(slapd.host(), slapd.port())) {
            connection.bind(dn, password);
        }
    }

    private Response patch(JsonNode user, String operations) {
        return bridge.send("PATCH", "/Users/" + user.path("id").asText(), "{\"Operations\":" + operations + "}");
    }

    @Test
    void deactivationRefusesTheBindAndReactivationAllowsItAgain() throws Exception {
        JsonNode user = user("correct horse battery staple");
        bind(user, "correct horse battery staple");
        assertEquals(200, patch(user, "[{\"op\":\"replace\",\"value\":{\"active\":false}}]").status());
        assertThrows(LDAPException.class, () -> bind(user, "correct horse battery staple"), "a deactivated user cannot bind");
        assertEquals(200, patch(user, "[{\"op\":\"replace\",\"value\":{\"active\":true}}]").status());
        bind(user, "correct horse battery staple");
    }

    @Test
    void passwordsAreHashedBySlapdAndChangeable() throws Exception {
        JsonNode user = user("first long passphrase");
        String stored = bridge.userEntryById(user.path("id").asText()).orElseThrow().getAttributeValue("userPassword");
        assertTrue(stored.startsWith("{"), "slapd stored a hash, not the clear text: " + stored.substring(0, Math.min(8, stored.length())));
        Response changed = patch(user, "[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"second long passphrase\"}]");
        assertEquals(200, changed.status(), changed.body());
        bind(user, "second long passphrase");
    }

    @Test
    void aPasswordThePolicyRefusesIsA400WithTheDirectorysReasonAndChangesNothing() throws Exception {
        JsonNode user = user("a sufficiently long one");
        Response refused = patch(user, "[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"short\"},"
                + "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Changed\"}]");
        assertEquals(400, refused.status(), refused.body());
        assertEquals("invalidValue", refused.json().path("scimType").asText());
        bind(user, "a sufficiently long one");
        assertEquals(null, bridge.userEntryById(user.path("id").asText()).orElseThrow().getAttributeValue("title"),
                "the other operation was not applied either");
    }
}
