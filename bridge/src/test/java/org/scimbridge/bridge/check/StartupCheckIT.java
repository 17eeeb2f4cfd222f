package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.LDAPConnection;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.mapping.config.MappingConfig;

/** The check against a real OpenLDAP slapd, whose cn=config nobody but its own (absent) rootdn may read. */
class StartupCheckIT {

    private static SlapdServer slapd;

    @BeforeAll
    static void start() throws Exception {
        slapd = SlapdServer.shared();
        SlapdAccounts.ensureServiceAccount(slapd);
    }

    private static CheckReport check(MappingConfig mapping) throws Exception {
        try (LDAPConnection connection = SlapdAccounts.connectAsService(slapd)) {
            return StartupCheck.run(connection, mapping, SlapdAccounts.SERVICE_DN);
        }
    }

    @Test
    void theShippedOpenLdapProfilePasses() throws Exception {
        CheckReport report = check(Mappings.openLdap());
        assertTrue(report.ok(), report::render);
        assertTrue(report.warnings().isEmpty(), report::render);
        assertEquals("OpenLDAP", report.directory());
    }

    @Test
    void theRootDseTellsWhatSlapdOffersAndWhatItEnables() throws Exception {
        Map<String, Capability> capabilities = check(Mappings.openLdap()).capabilities().stream()
                .collect(Collectors.toMap(Capability::name, Function.identity()));
        assertEquals("paging by VLV: a deep page costs one search", capabilities.get("virtual list view (VLV)").effect());
        assertEquals("If-Match enforced atomically by the directory", capabilities.get("assertion").effect());
        assertEquals("one round trip per write (post-read)", capabilities.get("post-read").effect());
        assertEquals("passwords hashed by the directory (password modify)", capabilities.get("password modify").effect());
        assertTrue(capabilities.get("simple paged results").supported());
        assertTrue(capabilities.get("Who am I").supported());
    }

    @Test
    void aMisspeltAttributeNamesTheKeyAndSuggestsTheName() throws Exception {
        CheckReport report = check(Mappings.openLdap("title: title", "title: titel"));
        assertFalse(report.ok());
        assertEquals("LDAP attribute 'titel' does not exist in the directory schema; did you mean 'title'?",
                Findings.one(report, Severity.ERROR, "users.attributes.title").message());
        assertEquals(1, report.errors().size(), report::render);
    }

    @Test
    void anUnknownObjectClassIsAnError() throws Exception {
        CheckReport report = check(Mappings.openLdap("organizationalPerson, inetOrgPerson]",
                "organizationalPerson, inetOrgPersn]"));
        assertEquals("object class 'inetOrgPersn' does not exist in the directory schema; did you mean 'inetOrgPerson'?",
                Findings.one(report, Severity.ERROR, "users.objectClasses").message());
    }

    @Test
    void aMissingBaseIsAnErrorNamingTheNearestEntry() throws Exception {
        CheckReport report = check(Mappings.openLdap("base: ou=people,dc=example,dc=com", "base: ou=peeple,dc=example,dc=com"));
        assertEquals("the base ou=peeple,dc=example,dc=com does not exist; the nearest existing entry above it is"
                        + " dc=example,dc=com",
                Findings.one(report, Severity.ERROR, "users.base").message());
    }

    @Test
    void aRequiredAttributeNothingFillsIsAnError() throws Exception {
        CheckReport report = check(Mappings.openLdap("    name.familyName: sn\n", "",
                "    sn: [name.familyName, userName]\n", ""));
        assertEquals("creating a user would fail: 'sn' is required by person and no rule under users.attributes or"
                + " users.required fills it", Findings.one(report, Severity.ERROR, "users.required.sn").message());
    }

    @Test
    void anAttributeTheObjectClassesDoNotAllowIsAWarning() throws Exception {
        CheckReport report = check(Mappings.openLdap("userType: employeeType", "userType: uidNumber"));
        assertTrue(report.ok(), report::render);
        assertEquals("'uidNumber' is not allowed by [top, person, organizationalPerson, inetOrgPerson]: writing it fails with"
                        + " objectClassViolation; object classes that allow it: posixAccount",
                Findings.one(report, Severity.WARNING, "users.attributes.userType").message());
    }

    @Test
    void bindingAsTheRootDnIsAWarning() throws Exception {
        CheckReport report;
        try (LDAPConnection admin = slapd.connect()) {
            report = StartupCheck.run(admin, Mappings.openLdap(), slapd.adminDn());
        }
        assertTrue(report.ok(), report::render);
        assertEquals(slapd.adminDn() + " (Who am I: dn:" + slapd.adminDn() + ") binds but has no entry: on OpenLDAP only a"
                        + " database's rootdn (olcRootDN) can, and the rootdn bypasses every access control and limit; bind as"
                        + " a service account entry with only the rights the bridge needs (README, \"Least privilege\")",
                Findings.one(report, Severity.WARNING, "directory.bindDn").message());
    }

    @Test
    void aServiceAccountIsNoAdministrator() throws Exception {
        assertTrue(Findings.one(check(Mappings.openLdap()), Severity.INFO, "directory.bindDn").message()
                .endsWith("not a known directory administrator"));
    }

    @Test
    void indexesAreNotCheckedWhereCnConfigIsHidden() throws Exception {
        String message = Findings.one(check(Mappings.openLdap()), Severity.INFO, "directory.indexes").message();
        assertTrue(message.startsWith("indexes not checked: cn=config is not readable by " + SlapdAccounts.SERVICE_DN), message);
    }
}
