package org.scimbridge.mapping.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.mapping.filter.Filters.CORE_USER;
import static org.scimbridge.mapping.filter.Filters.ENTERPRISE;
import static org.scimbridge.mapping.filter.Filters.and;
import static org.scimbridge.mapping.filter.Filters.bare;
import static org.scimbridge.mapping.filter.Filters.bool;
import static org.scimbridge.mapping.filter.Filters.eq;
import static org.scimbridge.mapping.filter.Filters.not;
import static org.scimbridge.mapping.filter.Filters.or;
import static org.scimbridge.mapping.filter.Filters.path;
import static org.scimbridge.mapping.filter.Filters.pr;
import static org.scimbridge.mapping.filter.Filters.urnPath;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.ScimException;

class PatchPathTest {

    static Stream<Arguments> validPaths() {
        return Stream.of(
                arguments("userName", new PatchPath(path("userName"), null, null)),
                arguments("name.familyName", new PatchPath(path("name.familyName"), null, null)),
                arguments("meta.lastModified", new PatchPath(path("meta.lastModified"), null, null)),
                arguments("members", new PatchPath(path("members"), null, null)),
                arguments("members[value eq \"2819c223\"]", new PatchPath(path("members"), eq("value", "2819c223"), null)),
                arguments("members[value eq \"a\" or value eq \"b\"]",
                        new PatchPath(path("members"), or(eq("value", "a"), eq("value", "b")), null)),
                arguments("members[value eq jyoung]", new PatchPath(path("members"), eq("value", bare("jyoung")), null)),
                arguments("emails[type eq \"work\"].value", new PatchPath(path("emails"), eq("type", "work"), "value")),
                arguments("addresses[type eq \"work\" and primary eq true].streetAddress",
                        new PatchPath(path("addresses"), and(eq("type", "work"), eq("primary", bool(true))), "streetAddress")),
                arguments("emails[not (type eq \"home\")]", new PatchPath(path("emails"), not(eq("type", "home")), null)),
                arguments("emails[value pr]", new PatchPath(path("emails"), pr("value"), null)),
                arguments("members[value eq \"2819c223\"].$ref", new PatchPath(path("members"), eq("value", "2819c223"), "$ref")),
                arguments("EMAILS[TYPE EQ \"work\"].Value", new PatchPath(path("EMAILS"), eq("TYPE", "work"), "Value")),
                arguments("  emails[type eq \"work\"]\t", new PatchPath(path("emails"), eq("type", "work"), null)),
                arguments("x509Certificates[value eq \"MIIC\"]",
                        new PatchPath(path("x509Certificates"), eq("value", "MIIC"), null)),
                arguments("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                        new PatchPath(urnPath(ENTERPRISE, "employeeNumber"), null, null)),
                arguments("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                        new PatchPath(urnPath(ENTERPRISE, "manager.value"), null, null)),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].display",
                        new PatchPath(urnPath(CORE_USER, "emails"), eq("type", "work"), "display")));
    }

    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                arguments("", "expected a path at position 0"),
                arguments("  ", "expected a path at position 2"),
                arguments("1emails", "expected an attribute name starting with a letter at position 0"),
                arguments("name familyName", "expected '[' or the end of the path at position 5"),
                arguments("name.familyName.x", "expected at most one sub-attribute at position 15"),
                arguments("emails[type eq \"work\"", "expected 'and', 'or' or ']' at position 21"),
                arguments("emails[type xx \"work\"]", "expected a comparison operator at position 12"),
                arguments("emails[type eq \"work\"].",
                        "expected a sub-attribute name after '.' starting with a letter at position 23"),
                arguments("emails[type eq \"work\"].value.display", "expected the end of the path at position 28"),
                arguments("emails[type eq \"work\"]x", "expected '.' or the end of the path at position 22"),
                arguments("name.familyName[type eq \"x\"]",
                        "expected an attribute without sub-attribute before '[' at position 15"),
                arguments("emails[value[x eq 1]]", "value filters cannot be nested at position 12"),
                arguments("emails[]", "expected an attribute name, '(' or 'not' at position 7"),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User:",
                        "expected an attribute name after the schema URN at position 43"),
                arguments("a".repeat(FilterParser.MAX_LENGTH + 1), "path longer than 4096 characters at position 4096"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validPaths")
    void parsesToExpectedPath(String text, PatchPath expected) {
        assertEquals(expected, FilterParser.parsePatchPath(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void rejectsWithInvalidPathNamingThePosition(String text, String expectedFragment) {
        ScimException e = assertThrows(ScimException.class, () -> FilterParser.parsePatchPath(text));
        assertEquals(400, e.status());
        assertEquals("invalidPath", e.scimType());
        assertTrue(e.detail().contains(expectedFragment), () -> "message was: " + e.detail());
        assertTrue(e.detail().matches("(?s).* at position \\d+ in '.*'"), () -> "message was: " + e.detail());
    }

    @Test
    void toStringIsCanonicalText() {
        assertEquals("emails[type eq \"work\"].value", FilterParser.parsePatchPath("emails[type EQ \"work\"].value").toString());
        assertEquals(ENTERPRISE + ":manager.value", FilterParser.parsePatchPath(ENTERPRISE + ":manager.value").toString());
    }

    @Test
    void subAttributeAfterBracketNeedsAValueFilter() {
        assertThrows(IllegalArgumentException.class, () -> new PatchPath(path("emails"), null, "value"));
    }
}
