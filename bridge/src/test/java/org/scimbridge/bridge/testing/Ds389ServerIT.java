package org.scimbridge.bridge.testing;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the harness: a real 389-ds starts without systemd, the admin binds, entries get
 * nsUniqueId, and nsAccountLock refuses and re-allows a user's bind.
 */
class Ds389ServerIT {

    private static final String PAGED = "1.2.840.113556.1.4.319";
    private static final String SORT = "1.2.840.113556.1.4.473";
    private static final String VLV = "2.16.840.1.113730.3.4.9";
    private static final String ASSERTION = "1.3.6.1.1.12";
    private static final String PRE_READ = "1.3.6.1.1.13.1";
    private static final String POST_READ = "1.3.6.1.1.13.2";
    private static final String PASSWORD_MODIFY = "1.3.6.1.4.1.4203.1.11.1";
    private static final String UNIQUE_ID = "[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}";

    private static String user(String uid, String password) {
        return """
                dn: uid=%1$s,ou=people,dc=example,dc=com
                objectClass: inetOrgPerson
                uid: %1$s
                cn: %1$s
                sn: Test
                userPassword: %2$s
                """.formatted(uid, password);
    }

    private static String dn(String uid) {
        return "uid=" + uid + ",ou=people,dc=example,dc=com";
    }

    @Test
    void sharedServerStartsWithBaseEntriesAndAdminBind() throws Exception {
        Ds389Server server = Ds389Server.shared();
        System.err.println(server);
        assertSame(server, Ds389Server.shared());
        assertEquals("ldap://127.0.0.1:" + server.port(), server.url());
        assertEquals("dc=example,dc=com", server.baseDn());
        assertEquals("cn=Directory Manager", server.adminDn());
        assertTrue(Files.isDirectory(server.directory()));
        assertTrue(Files.isRegularFile(server.errorsLog()));
        try (LDAPConnection connection = server.connect()) {
            var whoAmI = (WhoAmIExtendedResult) connection.processExtendedOperation(new WhoAmIExtendedRequest());
            assertEquals("dn:cn=directory manager", whoAmI.getAuthorizationID().toLowerCase().replace("dn: ", "dn:"));
            assertNotNull(connection.getEntry("dc=example,dc=com"));
            assertNotNull(connection.getEntry("ou=people,dc=example,dc=com"));
            assertNotNull(connection.getEntry("ou=groups,dc=example,dc=com"));
            assertEquals("389-Directory", connection.getRootDSE().getVendorVersion().split("/")[0]);
        }
        assertThrows(LDAPException.class, () -> server.connect(server.adminDn(), "wrong").close());
    }

    @Test
    void newEntryHasNsUniqueId() throws Exception {
        Ds389Server server = Ds389Server.shared();
        server.addLdif(new StringReader(user("uniq", "Secret-1")));
        try (LDAPConnection connection = server.connect()) {
            SearchResultEntry entry = connection.getEntry(dn("uniq"), "nsUniqueId", "entryUUID", "+");
            String id = entry.getAttributeValue("nsUniqueId");
            assertNotNull(id, entry.toLDIFString());
            assertTrue(id.matches(UNIQUE_ID), id);
            // Searchable by it, as the bridge looks resources up by id.
            assertEquals(1, connection.search(server.baseDn(), SearchScope.SUB, "(nsUniqueId=" + id + ")")
                    .getEntryCount());
            connection.delete(dn("uniq"));
        }
    }

    @Test
    void nsAccountLockRefusesTheBindAndRemovingItAllowsItAgain() throws Exception {
        Ds389Server server = Ds389Server.shared();
        server.addLdif(new StringReader(user("locky", "Secret-2")));
        try (LDAPConnection admin = server.connect()) {
            server.connect(dn("locky"), "Secret-2").close();

            admin.modify(dn("locky"), new Modification(ModificationType.REPLACE, "nsAccountLock", "true"));
            LDAPException refused = assertThrows(LDAPException.class,
                    () -> server.connect(dn("locky"), "Secret-2").close());
            assertEquals(ResultCode.UNWILLING_TO_PERFORM, refused.getResultCode(), refused.getMessage());
            assertTrue(refused.getMessage().contains("Account inactivated"), refused.getMessage());

            admin.modify(dn("locky"), new Modification(ModificationType.DELETE, "nsAccountLock"));
            server.connect(dn("locky"), "Secret-2").close();
            admin.delete(dn("locky"));
        }
    }

    @Test
    void rootDseListsPagingSortVlvReadEntryControlsAndPasswordModifyButNotAssertion() throws Exception {
        try (LDAPConnection connection = Ds389Server.shared().connect()) {
            RootDSE dse = connection.getRootDSE();
            for (String control : new String[] {PAGED, SORT, VLV, PRE_READ, POST_READ}) {
                assertTrue(dse.supportsControl(control), control + " not in " + dse.toLDIFString());
            }
            assertFalse(dse.supportsControl(ASSERTION), "389-ds 2.3 has no assertion control");
            assertTrue(dse.supportsExtendedOperation(PASSWORD_MODIFY));
        }
    }

    @Test
    void assertionIsRefusedWhenCriticalAndPostReadWorks() throws Exception {
        Ds389Server server = Ds389Server.shared();
        server.addLdif(new StringReader(user("ctl", "Secret-3")));
        try (LDAPConnection connection = server.connect()) {
            ModifyRequest asserted = new ModifyRequest(dn("ctl"),
                    new Modification(ModificationType.REPLACE, "description", "x"));
            asserted.addControl(new AssertionRequestControl("(sn=Test)", true));
            LDAPException e = assertThrows(LDAPException.class, () -> connection.modify(asserted));
            assertEquals(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, e.getResultCode());

            ModifyRequest postRead = new ModifyRequest(dn("ctl"),
                    new Modification(ModificationType.REPLACE, "description", "y"));
            postRead.addControl(new PostReadRequestControl(true, "description", "modifyTimestamp"));
            LDAPResult result = connection.modify(postRead);
            PostReadResponseControl control = PostReadResponseControl.get(result);
            assertNotNull(control);
            assertEquals("y", control.getEntry().getAttributeValue("description"));
            assertNotNull(control.getEntry().getAttributeValue("modifyTimestamp"));
            connection.delete(dn("ctl"));
        }
    }

    @Test
    void passwordModifyNeedsTlsAndWorksAfterStartTls() throws Exception {
        Ds389Server server = Ds389Server.shared();
        assertTrue(server.tls());
        assertTrue(Files.isRegularFile(server.caCertificate()));
        server.addLdif(new StringReader(user("pw", "Secret-4")));
        try (LDAPConnection plain = server.connect()) {
            ExtendedResult refused = plain.processExtendedOperation(
                    new PasswordModifyExtendedRequest(dn("pw"), null, "Other-4"));
            assertEquals(ResultCode.CONFIDENTIALITY_REQUIRED, refused.getResultCode());
        }
        try (LDAPConnection secure = server.connectStartTls()) {
            ExtendedResult changed = secure.processExtendedOperation(
                    new PasswordModifyExtendedRequest(dn("pw"), null, "Other-4"));
            assertEquals(ResultCode.SUCCESS, changed.getResultCode(), changed.toString());
        }
        server.connect(dn("pw"), "Other-4").close();
        // A user changes their own password (old one required) thanks to the base entry's ACI.
        try (LDAPConnection self = server.connectStartTls(dn("pw"), "Other-4")) {
            ExtendedResult changed = self.processExtendedOperation(
                    new PasswordModifyExtendedRequest(null, "Other-4", "Third-4"));
            assertEquals(ResultCode.SUCCESS, changed.getResultCode(), changed.toString());
        }
        server.connect(dn("pw"), "Third-4").close();
        try (LDAPConnection admin = server.connect()) {
            admin.delete(dn("pw"));
        }
    }

    @Test
    void privateInstanceWithoutTlsIsSeparateAndDeletedOnClose() throws Exception {
        Path directory;
        try (Ds389Server server = Ds389Server.start(Ds389Server.Options.defaults().tls(false))) {
            System.err.println(server);
            directory = server.directory();
            assertTrue(server.port() != Ds389Server.shared().port());
            assertFalse(server.instanceName().equals(Ds389Server.shared().instanceName()));
            assertThrows(IllegalStateException.class, server::caCertificate);
            try (LDAPConnection connection = server.connect()) {
                assertNotNull(connection.getEntry("ou=people,dc=example,dc=com"));
                assertFalse(connection.getRootDSE().supportsControl(ASSERTION));
            }
            server.addLdif(new StringReader(user("gone", "Secret-5")));
            server.reset();
            try (LDAPConnection connection = server.connect()) {
                assertEquals(0, connection.search("ou=people,dc=example,dc=com", SearchScope.ONE,
                        "(objectClass=*)").getEntryCount());
            }
        }
        assertFalse(Files.exists(directory));
    }
}
