package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** olcDbIndex lines as slapd-mdb(5) reads them; lines separated by '|' in the table. */
class IndexedAttributesTest {

    @ParameterizedTest(name = "[{0}] {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "uid eq,sub; uid; true",
            "uid sub; uid; false",
            "uid pres,eq; UID; true",
            "cn,sn,mail eq; mail; true",
            "cn, sn ,mail eq; sn; false",                   // a space ends the attribute list: ' sn ' is the index type
            "objectClass eq|default eq|entryUUID; entryUUID; true",
            "entryUUID|default pres; entryUUID; false",
            "2.5.4.4 eq; sn; true",                          // the OID of sn
            "name eq; cn; true",                             // cn is a subtype of name
            "name eq,nosubtypes; cn; false",
            "uid equality; uid; true",
            "'  '; uid; false"})
    void findsEqualityIndexes(String lines, String attribute, boolean indexed) throws LDAPException {
        IndexedAttributes indexes = new IndexedAttributes(Schema.getDefaultStandardSchema(), List.of(lines.split("\\|")));
        assertEquals(indexed, indexes.hasEquality(attribute));
    }
}
