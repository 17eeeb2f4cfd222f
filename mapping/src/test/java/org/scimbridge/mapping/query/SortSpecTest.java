package org.scimbridge.mapping.query;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.query.SortSpec.Key;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.CoreSchemas;

class SortSpecTest {

    private static final MappingConfig OPENLDAP =
            MappingLoader.load(Path.of(System.getProperty("config.dir", "../config"), "openldap.yaml"));
    private static final ResourceMapping USERS = OPENLDAP.users();
    private static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER_URN;

    private static final String CASE_IGNORE = "2.5.13.3";
    private static final String GENERALIZED_TIME = "2.5.13.28";
    private static final Key UID = new Key("uid", CASE_IGNORE, Type.STRING);

    private static List<String> attributes(SortSpec spec) {
        return spec.keys().stream().map(Key::attribute).toList();
    }

    private static void assertInvalidValue(String sortBy, String sortOrder) {
        ScimException e = assertThrows(ScimException.class, () -> SortSpec.of(sortBy, sortOrder, USERS));
        assertAll(
                () -> assertEquals(400, e.status()),
                () -> assertEquals("invalidValue", e.scimType(), e::detail));
    }

    @Test
    void naturalOrderIsByUidAscendingWithCaseIgnoreOrdering() {
        assertEquals(new SortSpec(List.of(UID), false), SortSpec.natural(USERS));
    }

    @Test
    void noSortByIsTheNaturalOrder() {
        assertEquals(SortSpec.natural(USERS), SortSpec.of(null, null, USERS));
    }

    @Test
    void sortByUserNameHasNoDuplicateTieBreaker() {
        assertEquals(List.of(UID), SortSpec.of("userName", null, USERS).keys());
    }

    static Stream<Arguments> sortKeys() {
        return Stream.of(
                arguments("name.familyName", List.of("sn", "uid")),
                arguments("name.givenName", List.of("givenName", "uid")),
                arguments("displayName", List.of("displayName", "uid")),
                arguments("emails", List.of("mail", "uid")),
                arguments("emails.value", List.of("mail", "uid")),
                arguments("phoneNumbers", List.of("telephoneNumber", "uid")),
                arguments("meta.created", List.of("createTimestamp", "uid")),
                arguments("meta.lastModified", List.of("modifyTimestamp", "uid")),
                arguments("id", List.of("entryUUID", "uid")),
                arguments("externalId", List.of("employeeNumber", "uid")),
                arguments(ENTERPRISE + ":department", List.of("departmentNumber", "uid")),
                arguments(ENTERPRISE + ":organization", List.of("o", "uid")),
                arguments(CoreSchemas.USER_URN + ":name.familyName", List.of("sn", "uid")),
                arguments("NAME.FAMILYNAME", List.of("sn", "uid")),
                arguments("Emails.Value", List.of("mail", "uid")),
                arguments("META.CREATED", List.of("createTimestamp", "uid")),
                arguments(" userName ", List.of("uid")));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("sortKeys")
    void sortByBecomesTheMappedLdapAttributeThenUid(String sortBy, List<String> expected) {
        assertEquals(expected, attributes(SortSpec.of(sortBy, null, USERS)));
    }

    @Test
    void tieBreakerIsUidWithCaseIgnoreOrdering() {
        assertEquals(UID, SortSpec.of("name.familyName", null, USERS).keys().getLast());
    }

    @Test
    void familyNameSortsWithCaseIgnoreOrdering() {
        assertEquals(new Key("sn", CASE_IGNORE, Type.STRING), SortSpec.of("name.familyName", null, USERS).keys().getFirst());
    }

    @Test
    void createdSortsWithGeneralizedTimeOrdering() {
        assertEquals(new Key("createTimestamp", GENERALIZED_TIME, Type.DATE_TIME),
                SortSpec.of("meta.created", null, USERS).keys().getFirst());
    }

    @Test
    void lastModifiedSortsWithGeneralizedTimeOrdering() {
        assertEquals(new Key("modifyTimestamp", GENERALIZED_TIME, Type.DATE_TIME),
                SortSpec.of("meta.lastModified", null, USERS).keys().getFirst());
    }

    @Test
    void idSortsByEntryUuidWithoutOrderingRule() {
        Key key = SortSpec.of("id", null, USERS).keys().getFirst();
        assertAll(
                () -> assertEquals("entryUUID", key.attribute()),
                () -> assertEquals(null, key.orderingRule()));
    }

    @Test
    void groupsSortedByDisplayNameUseCnOnce() {
        assertEquals(List.of("cn"), attributes(SortSpec.of("displayName", null, OPENLDAP.groups().orElseThrow())));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"descending", "DESCENDING", "Descending", " descending "})
    void descendingSortOrderSortsDescending(String sortOrder) {
        assertTrue(SortSpec.of("userName", sortOrder, USERS).descending());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"ascending", "ASCENDING", "  "})
    void ascendingOrBlankSortOrderSortsAscending(String sortOrder) {
        assertFalse(SortSpec.of("userName", sortOrder, USERS).descending());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"sideways", "desc", "asc", "1"})
    void unknownSortOrderIsInvalidValue(String sortOrder) {
        assertInvalidValue("userName", sortOrder);
    }

    static Stream<Arguments> unsortable() {
        return Stream.of(
                arguments("nickName", "mapped nowhere"),
                arguments("name", "complex without a sub-attribute"),
                arguments("emails.type", "not stored in LDAP"),
                arguments("addresses", "multi-valued without a value sub-attribute"),
                arguments(ENTERPRISE + ":manager", "a reference"),
                arguments(ENTERPRISE + ":manager.value", "a reference's value"),
                arguments("meta", "meta without a sub-attribute"),
                arguments("meta.version", "meta.version"),
                arguments("urn:example:other:department", "an unknown schema"),
                arguments("name..x", "malformed"),
                arguments("emails[type eq \"work\"]", "a filter"),
                arguments("1abc", "not a name"));
    }

    @ParameterizedTest(name = "[{index}] {0} ({1})")
    @MethodSource("unsortable")
    void unsortableSortByIsInvalidValue(String sortBy, String reason) {
        assertInvalidValue(sortBy, null);
    }
}
