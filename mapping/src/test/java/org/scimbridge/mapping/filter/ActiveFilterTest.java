package org.scimbridge.mapping.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import com.unboundid.ldap.sdk.Filter;

import org.junit.jupiter.api.Test;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;

/** {@code active} in filters, through each profile's lifecycle strategy. */
class ActiveFilterTest {

    private static ResourceMapping users(String profile) {
        return MappingLoader.load(Path.of(System.getProperty("config.dir"), profile)).users();
    }

    private static Filter translate(String profile, String filter) {
        return new LdapFilterTranslator(users(profile)).translate(FilterParser.parse(filter), null);
    }

    @Test
    void openLdapInactiveMeansThePermanentPpolicyLock() throws Exception {
        assertEquals(Filter.create("(pwdAccountLockedTime=000001010000Z)"), translate("openldap.yaml", "active eq false"));
        assertEquals(Filter.create("(!(pwdAccountLockedTime=000001010000Z))"), translate("openldap.yaml", "active eq true"));
    }

    /** Entra sends "True"/"False" strings (IDP-QUIRKS Entra 2, 6). */
    @Test
    void entraStringBooleansWork() throws Exception {
        assertEquals(Filter.create("(pwdAccountLockedTime=000001010000Z)"), translate("openldap.yaml", "active eq \"False\""));
        assertEquals(Filter.create("(pwdAccountLockedTime=000001010000Z)"), translate("openldap.yaml", "active ne \"True\""));
    }

    /** AD: LDAP_MATCHING_RULE_BIT_AND on userAccountControl's ACCOUNTDISABLE bit (MS-ADTS 3.1.1.3.4.4.1). */
    @Test
    void activeDirectoryUsesTheBitwiseAndMatchingRule() throws Exception {
        assertEquals(Filter.create("(userAccountControl:1.2.840.113556.1.4.803:=2)"), translate("active-directory.yaml", "active eq false"));
        assertEquals(Filter.create("(!(userAccountControl:1.2.840.113556.1.4.803:=2))"),
                translate("active-directory.yaml", "active eq true"));
    }

    @Test
    void orderingOrNonBooleanValuesAreInvalid() {
        assertEquals("invalidFilter", assertThrows(ScimException.class, () -> translate("openldap.yaml", "active gt true")).scimType());
        assertEquals("invalidFilter", assertThrows(ScimException.class, () -> translate("openldap.yaml", "active eq \"maybe\"")).scimType());
    }
}
