package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.check.InMemoryDirectories.DATABASE_DN;
import static org.scimbridge.bridge.check.InMemoryDirectories.DIRECTORY_MANAGER;
import static org.scimbridge.bridge.check.InMemoryDirectories.ROOT_DN;
import static org.scimbridge.bridge.check.InMemoryDirectories.SERVICE_DN;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.LDAPConnection;

import org.junit.jupiter.api.Test;
import org.scimbridge.mapping.config.MappingConfig;

/** The check against UnboundID in-memory directories, one dressed as OpenLDAP with a readable cn=config. */
class StartupCheckTest {

    /** Every index the openldap.yaml lookups need. */
    private static final String[] ALL_INDEXES = {"objectClass eq", "entryUUID eq", "uid eq,sub", "employeeNumber eq",
            "mail eq,sub", "cn eq,sub", "description eq", "member eq"};

    private static CheckReport check(InMemoryDirectoryServer server, String bindDn, MappingConfig mapping) throws Exception {
        try (LDAPConnection connection = InMemoryDirectories.connect(server, bindDn)) {
            return StartupCheck.run(connection, mapping, bindDn);
        } finally {
            server.shutDown(true);
        }
    }

    @Test
    void aVersionAttributeTheSchemaLacksIsAnError() throws Exception {
        CheckReport report = check(InMemoryDirectories.standard(), SERVICE_DN, Mappings.openLdap());
        assertFalse(report.ok());
        String message = Findings.one(report, Severity.ERROR, "users.version").message();
        assertTrue(message.startsWith("LDAP attribute 'entryCSN' does not exist in the directory schema"), message);
    }

    @Test
    void theOpenLdapProfilePassesWhereTheSchemaHasEverything() throws Exception {
        CheckReport report = check(InMemoryDirectories.openLdapLike(ALL_INDEXES), SERVICE_DN, Mappings.openLdap());
        assertTrue(report.ok(), report::render);
        assertTrue(report.warnings().isEmpty(), report::render);
        assertEquals("equality indexes present on every attribute the bridge looks entries up by",
                Findings.one(report, Severity.INFO, DATABASE_DN).message());
    }

    @Test
    void missingEqualityIndexesAreListedWithTheLineToAdd() throws Exception {
        CheckReport report = check(InMemoryDirectories.openLdapLike("objectClass eq", "uid eq", "cn,mail eq", "member eq",
                "default eq", "entryUUID"), SERVICE_DN, Mappings.openLdap());
        String message = Findings.one(report, Severity.WARNING, DATABASE_DN).message();
        assertTrue(message.startsWith("no equality index on employeeNumber (users.attributes.externalId),"
                + " description (groups.attributes.externalId) in " + DATABASE_DN + " (dc=example,dc=com)"), message);
        assertTrue(message.endsWith("add: olcDbIndex: employeeNumber,description eq"), message);
        assertTrue(report.ok(), "a missing index slows lookups down, it does not break them");
    }

    @Test
    void theRootDnOfTheDatabaseIsAnAdministrator() throws Exception {
        CheckReport report = check(InMemoryDirectories.openLdapLike(ALL_INDEXES), ROOT_DN, Mappings.openLdap());
        String message = Findings.one(report, Severity.WARNING, "directory.bindDn").message();
        assertTrue(message.startsWith(ROOT_DN + " (Who am I: dn:" + ROOT_DN + ") is the olcRootDN of " + DATABASE_DN), message);
    }

    @Test
    void directoryManagerIsAnAdministrator() throws Exception {
        CheckReport report = check(InMemoryDirectories.standard(), DIRECTORY_MANAGER, Mappings.openLdap());
        String message = Findings.one(report, Severity.WARNING, "directory.bindDn").message();
        assertTrue(message.contains("is the directory's administrator (cn=Directory Manager)"), message);
    }

    @Test
    void aServiceAccountIsNoAdministrator() throws Exception {
        CheckReport report = check(InMemoryDirectories.standard(), SERVICE_DN, Mappings.openLdap());
        assertEquals("bound as " + SERVICE_DN + " (Who am I: dn:" + SERVICE_DN + "), not a known directory administrator",
                Findings.one(report, Severity.INFO, "directory.bindDn").message());
    }

    @Test
    void anEntryWithoutTheVersionAttributeIsAWarning() throws Exception {
        InMemoryDirectoryServer server = InMemoryDirectories.openLdapLike(ALL_INDEXES);
        server.add("dn: uid=bjensen,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: bjensen", "cn: Barbara",
                "sn: Jensen");
        CheckReport report = check(server, SERVICE_DN, Mappings.openLdap());
        assertEquals("entryCSN not returned on uid=bjensen,ou=people,dc=example,dc=com: is it an operational attribute"
                + " your bind DN can read?", Findings.one(report, Severity.WARNING, "users.version").message());
        assertFalse(Findings.any(report, Severity.WARNING, "users.id"), "the in-memory server keeps entryUUID");
    }

    @Test
    void indexesAreNotCheckedWhereTheDirectoryHidesItsConfiguration() throws Exception {
        CheckReport report = check(InMemoryDirectories.standard(), SERVICE_DN, Mappings.openLdap());
        String message = Findings.one(report, Severity.INFO, "directory.indexes").message();
        assertTrue(message.startsWith("indexes not checked: the directory does not expose its index configuration"), message);
        assertTrue(message.endsWith("users: objectClass, entryUUID, uid, employeeNumber, mail;"
                + " groups: objectClass, entryUUID, cn, description, member"), message);
    }

    @Test
    void aMissingRoleGroupIsAnError() throws Exception {
        CheckReport report = check(InMemoryDirectories.openLdapLike(ALL_INDEXES), SERVICE_DN,
                Mappings.load(Mappings.openLdapText() + roles("{ group: \"cn=developers,ou=roles,dc=example,dc=com\" }")));
        assertEquals("the role group cn=developers,ou=roles,dc=example,dc=com does not exist; the nearest existing entry"
                + " above it is dc=example,dc=com", Findings.one(report, Severity.ERROR, "roles[0].grant.group").message());
    }

    @Test
    void aGrantedAttributeTheUsersCannotHoldIsAWarningNamingClassesThatAllowIt() throws Exception {
        CheckReport report = check(InMemoryDirectories.openLdapLike(ALL_INDEXES), SERVICE_DN,
                Mappings.load(Mappings.openLdapText() + roles("{ attribute: dc, value: developer }")));
        String message = Findings.one(report, Severity.WARNING, "roles[0].grant.attribute").message();
        assertTrue(message.startsWith("'dc' is not allowed by [top, person, organizationalPerson, inetOrgPerson]: writing it"
                + " fails with objectClassViolation; object classes that allow it: dcObject"), message);
    }

    @Test
    void extensibleObjectAllowsEveryAttribute() throws Exception {
        CheckReport report = check(InMemoryDirectories.openLdapLike(ALL_INDEXES), SERVICE_DN,
                Mappings.load(Mappings.openLdapText("inetOrgPerson]", "inetOrgPerson, extensibleObject]")
                        + roles("{ attribute: dc, value: developer }")));
        assertTrue(report.warnings().isEmpty(), report::render);
    }

    private static String roles(String grant) {
        return """

                roles:
                  - name: developer
                    when: { displayName: Engineering }
                    grant: %s
                """.formatted(grant);
    }
}
