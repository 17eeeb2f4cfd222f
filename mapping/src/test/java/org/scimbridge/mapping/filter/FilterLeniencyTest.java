package org.scimbridge.mapping.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import com.unboundid.ldap.sdk.Filter;

import org.junit.jupiter.api.Test;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.filter.FilterValue.StringValue;
import org.scimbridge.mapping.filter.ScimFilter.Compare;

/** The filter forms identity providers really send, each named after the IdP (see shared IDP-QUIRKS.md). */
class FilterLeniencyTest {

    private static final MappingConfig MAPPING = MappingLoader.load(Path.of(System.getProperty("config.dir"), "openldap.yaml"));

    /**
     * Entra ID's SCIM tutorial shows the matching filter unquoted, {@code externalId eq jyoung}
     * (learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups).
     */
    @Test
    void entraUnquotedExternalIdIsAStringValue() throws Exception {
        ScimFilter filter = FilterParser.parse("externalId eq jyoung");
        assertEquals(new StringValue("jyoung", false), ((Compare) filter).value());
        assertEquals(Filter.create("(employeeNumber=jyoung)"), new LdapFilterTranslator(MAPPING.users()).translate(filter, null));
    }

    /** Entra matches users by userName (and more and more by externalId) with eq and and only. */
    @Test
    void entraMatchingFilterWithAndTranslatesToOneLdapFilter() throws Exception {
        ScimFilter filter = FilterParser.parse("userName eq \"jyoung@example.com\" and externalId eq \"7a6b\"");
        assertEquals(Filter.create("(&(uid=jyoung@example.com)(employeeNumber=7a6b))"),
                new LdapFilterTranslator(MAPPING.users()).translate(filter, null));
    }

    /**
     * Entra sends booleans as "True"/"False" strings (pingidentity/scim2#239: {@code roles[primary eq "True"]}): the
     * parser keeps the string, and only the translator, which knows the attribute is boolean, turns it into TRUE.
     */
    @Test
    void entraTrueStringStaysAStringUntilTheSchemaSaysBoolean() {
        ScimFilter filter = FilterParser.parse("active eq \"True\"");
        assertEquals(new StringValue("True", true), ((Compare) filter).value());
    }

    /** Okta's existence check before a create: {@code filter=userName eq "..."&startIndex=1&count=100}. */
    @Test
    void oktaExistenceCheckTranslatesToOneEqualityFilter() throws Exception {
        ScimFilter filter = FilterParser.parse("userName eq \"ada.lovelace@example.com\"");
        assertEquals(Filter.create("(&(objectClass=inetOrgPerson)(uid=ada.lovelace@example.com))"),
                new LdapFilterTranslator(MAPPING.users()).translateScoped(filter, null));
    }
}
