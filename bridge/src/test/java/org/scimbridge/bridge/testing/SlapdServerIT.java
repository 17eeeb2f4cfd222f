package org.scimbridge.bridge.testing;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the harness: a real slapd starts, is writable by the admin and resets cleanly. */
class SlapdServerIT {

    private static final String PAGED = "1.2.840.113556.1.4.319";
    private static final String SORT = "1.2.840.113556.1.4.473";
    private static final String VLV = "2.16.840.1.113730.3.4.9";
    private static final String ASSERTION = "1.3.6.1.1.12";
    private static final String PRE_READ = "1.3.6.1.1.13.1";
    private static final String POST_READ = "1.3.6.1.1.13.2";
    private static final String PASSWORD_MODIFY = "1.3.6.1.4.1.4203.1.11.1";

    private static final String JDOE = """
            dn: uid=jdoe,ou=people,dc=example,dc=com
            objectClass: inetOrgPerson
            uid: jdoe
            cn: John Doe
            sn: Doe
            mail: jdoe@example.com

            dn: cn=admins,ou=groups,dc=example,dc=com
            objectClass: groupOfNames
            cn: admins
            member: uid=jdoe,ou=people,dc=example,dc=com
            """;

    @Test
    void sharedServerStartsWithBaseEntriesAndAdminBind() throws Exception {
        SlapdServer server = SlapdServer.shared();
        assertSame(server, SlapdServer.shared());
        assertEquals("ldap://127.0.0.1:" + server.port(), server.url());
        assertEquals("dc=example,dc=com", server.baseDn());
        assertEquals("cn=admin,dc=example,dc=com", server.adminDn());
        assertTrue(Files.isDirectory(server.directory()));
        try (LDAPConnection connection = server.connect()) {
            var whoAmI = (WhoAmIExtendedResult) connection.processExtendedOperation(new WhoAmIExtendedRequest());
            assertEquals("dn:" + server.adminDn(), whoAmI.getAuthorizationID());
            assertNotNull(connection.getEntry("dc=example,dc=com"));
            assertNotNull(connection.getEntry("ou=people,dc=example,dc=com"));
            assertNotNull(connection.getEntry("ou=groups,dc=example,dc=com"));
        }
    }

    @Test
    void addedEntriesGetOperationalAttributesAndResetRemovesThem() throws Exception {
        SlapdServer server = SlapdServer.shared();
        server.addLdif(new StringReader(JDOE));
        try (LDAPConnection connection = server.connect()) {
            SearchResultEntry jdoe = connection.getEntry("uid=jdoe,ou=people,dc=example,dc=com", "+");
            for (String attribute : new String[] {"entryUUID", "entryCSN", "createTimestamp", "modifyTimestamp"}) {
                assertTrue(jdoe.hasAttribute(attribute), attribute + " missing: " + jdoe.toLDIFString());
            }

            server.reset();

            assertEquals(0, connection.search("ou=people,dc=example,dc=com", SearchScope.ONE,
                    "(objectClass=*)").getEntryCount());
            assertEquals(0, connection.search("ou=groups,dc=example,dc=com", SearchScope.ONE,
                    "(objectClass=*)").getEntryCount());
            assertNotNull(connection.getEntry("ou=people,dc=example,dc=com"));
        }
    }

    @Test
    void rootDseAdvertisesPagingSortVlvAndFriends() throws Exception {
        try (LDAPConnection connection = SlapdServer.shared().connect()) {
            RootDSE dse = connection.getRootDSE();
            for (String control : new String[] {PAGED, SORT, VLV, ASSERTION, PRE_READ, POST_READ}) {
                assertTrue(dse.supportsControl(control), control + " not in " + dse.toLDIFString());
            }
            assertTrue(dse.supportsExtendedOperation(PASSWORD_MODIFY));
        }
    }

    @Test
    void privateInstanceHonoursOptionsAndIsDeletedOnClose() throws Exception {
        Path directory;
        try (SlapdServer server = SlapdServer.start(SlapdServer.Options.defaults().sssvlv(false).ppolicy(true))) {
            directory = server.directory();
            assertTrue(server.port() != SlapdServer.shared().port());
            try (LDAPConnection connection = server.connect()) {
                RootDSE dse = connection.getRootDSE();
                assertTrue(dse.supportsControl(PAGED));
                assertFalse(dse.supportsControl(SORT), "sort needs the sssvlv overlay");
                assertFalse(dse.supportsControl(VLV), "VLV needs the sssvlv overlay");
                assertNotNull(connection.getEntry("ou=people,dc=example,dc=com"));
            }
        }
        assertFalse(Files.exists(directory));
    }
}
