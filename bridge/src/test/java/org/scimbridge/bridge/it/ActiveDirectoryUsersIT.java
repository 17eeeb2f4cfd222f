package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.ActiveDirectoryLikeServer;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * {@code config/active-directory.yaml} on an in-memory directory with AD's schema and behaviour: users named by cn
 * with the UPN as userName, objectGUID ids, userAccountControl's ACCOUNTDISABLE bit with the other bits kept, and
 * unicodePwd refused over an unencrypted connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActiveDirectoryUsersIT {

    private ActiveDirectoryLikeServer ad;
    private BridgeHarness bridge;
    private LDAPConnection admin;

    @BeforeAll
    void start() throws Exception {
        ad = ActiveDirectoryLikeServer.start();
        admin = ad.connect();
        String yaml = Files.readString(Path.of(System.getProperty("config.dir"), "active-directory.yaml"))
                .replace("CN=Users,DC=example,DC=com", ActiveDirectoryLikeServer.PEOPLE_DN)
                .replace("OU=Groups,DC=example,DC=com", ActiveDirectoryLikeServer.GROUPS_DN);
        bridge = BridgeHarness.start(ad.connectionPool(2), admin,
                MappingLoader.load("active-directory.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }

    @AfterAll
    void stop() {
        bridge.close();
        admin.close();
        ad.close();
    }

    private JsonNode create(String extra) {
        String name = "ada" + UUID.randomUUID().toString().substring(0, 6);
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"" + name + "@example.com\",\"externalId\":\"" + name
                + "\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace " + name + "\"}" + extra + "}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private SearchResultEntry entry(String upn) throws Exception {
        return admin.searchForEntry(ActiveDirectoryLikeServer.PEOPLE_DN, SearchScope.SUB,
                com.unboundid.ldap.sdk.Filter.createEqualityFilter("userPrincipalName", upn), "*");
    }

    @Test
    void aNewUserIsANormalAccountNamedByItsDisplayName() throws Exception {
        JsonNode user = create("");
        SearchResultEntry entry = entry(user.path("userName").asText());
        assertEquals("512", entry.getAttributeValue("userAccountControl"));
        assertEquals(user.path("externalId").asText(), entry.getAttributeValue("sAMAccountName"));
        assertTrue(entry.getDN().startsWith("cn=Ada Lovelace"), entry.getDN());
        assertTrue(user.path("active").asBoolean());
        assertEquals(16, entry.getAttributeValueBytes("objectGUID").length);
    }

    @Test
    void deactivationSetsAccountDisableAndKeepsTheOtherBits() throws Exception {
        JsonNode user = create("");
        String upn = user.path("userName").asText();
        // DONT_EXPIRE_PASSWORD (0x10000) set by an administrator must survive deactivation and reactivation.
        admin.modify(entry(upn).getDN(), new Modification(ModificationType.REPLACE, "userAccountControl", "66048"));
        String id = user.path("id").asText();
        Response off = bridge.send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().path("active").asBoolean());
        assertEquals("66050", entry(upn).getAttributeValue("userAccountControl"));
        // (active eq false becomes AD's bitwise matching rule 1.2.840.113556.1.4.803, which only a real AD evaluates:
        // the translation is unit-tested in ActiveFilterTest.)
        Response on = bridge.send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}");
        assertEquals(200, on.status(), on.body());
        assertEquals("66048", entry(upn).getAttributeValue("userAccountControl"));
    }

    @Test
    void aUserCreatedInactiveIsDisabledFromTheStart() throws Exception {
        JsonNode user = create(",\"active\":false");
        assertEquals("514", entry(user.path("userName").asText()).getAttributeValue("userAccountControl"));
    }

    @Test
    void renamingKeepsTheObjectGuid() throws Exception {
        JsonNode user = create("");
        String id = user.path("id").asText();
        Response renamed = bridge.send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Countess Lovelace\"}]}");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(id, renamed.json().path("id").asText());
        assertTrue(entry(user.path("userName").asText()).getDN().startsWith("cn=Countess Lovelace"));
    }

    /**
     * The profile sets users.memberOf: a user's groups come from AD's memberOf back link, which follows the groups'
     * member values (added, removed, renamed), with each group's objectGUID as its id.
     */
    @Test
    void aUsersGroupsComeFromMemberOf() throws Exception {
        JsonNode user = create("");
        String id = user.path("id").asText();
        String name = "Readers " + UUID.randomUUID().toString().substring(0, 6);
        Response group = bridge.send("POST", "/Groups", "{\"displayName\":\"" + name + "\",\"members\":[{\"value\":\"" + id
                + "\"}]}");
        assertEquals(201, group.status(), group.body());
        String groupId = group.json().path("id").asText();
        assertTrue(entry(user.path("userName").asText()).hasAttribute("memberOf"), "AD keeps the back link");
        JsonNode groups = bridge.get("/Users/" + id).json().path("groups");
        assertEquals(groupId, groups.path(0).path("value").asText(), groups.toString());
        assertEquals(name, groups.path(0).path("display").asText());

        String renamed = name.replace("Readers", "Writers");
        Response patched = bridge.send("PATCH", "/Groups/" + groupId,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + renamed + "\"}]}");
        assertEquals(200, patched.status(), patched.body());
        // sAMAccountName, required and filled from displayName, follows it (a second value was added before)
        assertEquals(List.of(renamed), List.of(admin.getEntry("cn=" + renamed + "," + ActiveDirectoryLikeServer.GROUPS_DN)
                .getAttributeValues("sAMAccountName")));
        assertEquals(renamed, bridge.get("/Users/" + id).json().path("groups").path(0).path("display").asText());

        Response removed = bridge.send("PATCH", "/Groups/" + groupId,
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}]}");
        assertEquals(200, removed.status(), removed.body());
        assertFalse(bridge.get("/Users/" + id).json().has("groups"));
    }

    /** AD takes unicodePwd only over LDAPS or StartTLS; the bridge says so instead of letting AD refuse cryptically. */
    @Test
    void aPasswordOverAnUnencryptedConnectionIsRefusedAndNothingIsCreated() throws Exception {
        String name = "pw" + UUID.randomUUID().toString().substring(0, 6);
        Response refused = bridge.send("POST", "/Users", "{\"userName\":\"" + name + "@example.com\",\"externalId\":\"" + name
                + "\",\"password\":\"S3cret!pass\"}");
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().path("detail").asText().contains("LDAPS"), refused.body());
        assertEquals(null, entry(name + "@example.com"));
    }

    @Test
    void unicodePwdIsTheQuotedPasswordInUtf16LittleEndian() {
        assertArrayEquals(new byte[] {'"', 0, 'a', 0, (byte) 0xe9, 0, '"', 0},
                org.scimbridge.bridge.http.PasswordsAccess.encode("a\u00e9"));
    }
}
