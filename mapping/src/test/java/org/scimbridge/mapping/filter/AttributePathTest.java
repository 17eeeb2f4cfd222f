package org.scimbridge.mapping.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.mapping.filter.Filters.CORE_USER;
import static org.scimbridge.mapping.filter.Filters.ENTERPRISE;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.ScimException;

class AttributePathTest {

    static Stream<Arguments> validPaths() {
        return Stream.of(
                arguments("userName", new AttributePath(null, "userName", null)),
                arguments("name.familyName", new AttributePath(null, "name", "familyName")),
                arguments("meta.lastModified", new AttributePath(null, "meta", "lastModified")),
                arguments("members.$ref", new AttributePath(null, "members", "$ref")),
                arguments("x-custom_attr2", new AttributePath(null, "x-custom_attr2", null)),
                arguments(" userName ", new AttributePath(null, "userName", null)),
                arguments(ENTERPRISE + ":employeeNumber", new AttributePath(ENTERPRISE, "employeeNumber", null)),
                arguments(ENTERPRISE + ":manager.value", new AttributePath(ENTERPRISE, "manager", "value")),
                arguments(CORE_USER + ":name.givenName", new AttributePath(CORE_USER, "name", "givenName")));
    }

    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                arguments("", "expected an attribute name at position 0"),
                arguments(".", "expected an attribute name starting with a letter at position 0"),
                arguments("2fa", "expected an attribute name starting with a letter at position 0"),
                arguments("name.", "expected a sub-attribute name after '.' starting with a letter at position 5"),
                arguments("a.b.c", "expected at most one sub-attribute at position 3"),
                arguments("user name", "expected the end of the attribute path at position 5"),
                arguments(ENTERPRISE + ":", "expected an attribute name after the schema URN at position 59"),
                arguments("schema:name", "expected a schema URN starting with 'urn:' at position 0"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validPaths")
    void parsesToExpectedPath(String text, AttributePath expected) {
        assertEquals(expected, AttributePath.parse(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void rejectsWithInvalidPath(String text, String expectedFragment) {
        ScimException e = assertThrows(ScimException.class, () -> AttributePath.parse(text));
        assertEquals(400, e.status());
        assertEquals("invalidPath", e.scimType());
        assertTrue(e.detail().contains(expectedFragment), () -> "message was: " + e.detail());
    }

    @Test
    void fullNameOmitsTheUrn() {
        assertEquals("manager.value", AttributePath.parse(ENTERPRISE + ":manager.value").fullName());
        assertEquals("userName", AttributePath.parse("userName").fullName());
    }

    @Test
    void toStringIsTheCanonicalPath() {
        assertEquals(ENTERPRISE + ":manager.value", AttributePath.parse(ENTERPRISE + ":manager.value").toString());
        assertEquals("name.familyName", AttributePath.parse("name.familyName").toString());
    }

    @Test
    void matchesIgnoresCaseOfNamesAndUrn() {
        AttributePath path = AttributePath.parse(ENTERPRISE + ":manager.value");
        assertTrue(path.matches(AttributePath.parse(ENTERPRISE.toUpperCase() + ":MANAGER.Value")));
        assertTrue(AttributePath.parse("username").matches(AttributePath.parse("userName")));
    }

    @Test
    void matchesDistinguishesParts() {
        assertFalse(AttributePath.parse("name.familyName").matches(AttributePath.parse("name.givenName")));
        assertFalse(AttributePath.parse("name").matches(AttributePath.parse("name.givenName")));
        assertFalse(AttributePath.parse("userName").matches(AttributePath.parse(CORE_USER + ":userName")));
        assertFalse(AttributePath.parse("userName").matches(null));
    }

    @Test
    void equalsIsCaseSensitiveSoTreesKeepNamesAsWritten() {
        assertFalse(AttributePath.parse("userName").equals(AttributePath.parse("username")));
    }

    @Test
    void constructorRejectsNamesOutsideTheAttrNameRule() {
        assertThrows(IllegalArgumentException.class, () -> new AttributePath(null, "1st", null));
        assertThrows(IllegalArgumentException.class, () -> new AttributePath(null, "name", "given name"));
        assertThrows(IllegalArgumentException.class, () -> new AttributePath("not-a-urn", "name", null));
    }
}
