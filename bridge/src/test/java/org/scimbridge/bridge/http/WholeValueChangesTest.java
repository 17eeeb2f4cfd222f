package org.scimbridge.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.ldap.DirectoryFeatures;

class WholeValueChangesTest {

    /** A schema in which telephoneNumber has an EQUALITY rule and facsimileTelephoneNumber has none (OpenLDAP's core). */
    private static final DirectoryFeatures FEATURES = new DirectoryFeatures(true, true, true, true, true, Optional.empty(),
            Optional.of(Set.of("telephonenumber", "title")));

    private static final Entry TARGET = new Entry("uid=a,ou=people,dc=example,dc=com",
            new com.unboundid.ldap.sdk.Attribute("facsimileTelephoneNumber", "+1 555 0101", "+1 555 0102"),
            new com.unboundid.ldap.sdk.Attribute("telephoneNumber", "+1 555 0200"));

    @Test
    void valueChangesOfAnAttributeWithoutEqualityBecomeOneReplaceWithTheTargetValues() {
        List<Modification> diff = List.of(
                new Modification(ModificationType.DELETE, "facsimileTelephoneNumber", "+1 555 0100"),
                new Modification(ModificationType.ADD, "facsimileTelephoneNumber", "+1 555 0101", "+1 555 0102"),
                new Modification(ModificationType.DELETE, "telephoneNumber", "+1 555 0199"),
                new Modification(ModificationType.ADD, "telephoneNumber", "+1 555 0200"));
        assertEquals(List.of(
                new Modification(ModificationType.REPLACE, "facsimileTelephoneNumber", "+1 555 0101", "+1 555 0102"),
                diff.get(2), diff.get(3)), WholeValueChanges.forDirectory(diff, TARGET, FEATURES));
    }

    @Test
    void aRemovedValueOfSuchAnAttributeReplacesItWithNothingWhenTheTargetHasNone() {
        Entry target = new Entry("uid=a,ou=people,dc=example,dc=com");
        List<Modification> diff = List.of(new Modification(ModificationType.DELETE, "facsimileTelephoneNumber", "+1 555 0100"));
        assertEquals(List.of(new Modification(ModificationType.REPLACE, "facsimileTelephoneNumber")),
                WholeValueChanges.forDirectory(diff, target, FEATURES));
    }

    @Test
    void matchableAttributesAndUnknownSchemasKeepTheValueLevelChanges() {
        List<Modification> diff = List.of(new Modification(ModificationType.DELETE, "title", "a"),
                new Modification(ModificationType.ADD, "title", "b"));
        assertSame(diff, WholeValueChanges.forDirectory(diff, TARGET, FEATURES));
        DirectoryFeatures unknownSchema = new DirectoryFeatures(true, true, true, true, true, Optional.empty(), Optional.empty());
        List<Modification> fax = List.of(new Modification(ModificationType.DELETE, "facsimileTelephoneNumber", "x"));
        assertSame(fax, WholeValueChanges.forDirectory(fax, TARGET, unknownSchema));
    }
}
