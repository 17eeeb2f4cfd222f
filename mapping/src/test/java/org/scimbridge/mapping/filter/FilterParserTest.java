package org.scimbridge.mapping.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.mapping.filter.CompareOperator.CO;
import static org.scimbridge.mapping.filter.CompareOperator.EQ;
import static org.scimbridge.mapping.filter.CompareOperator.EW;
import static org.scimbridge.mapping.filter.CompareOperator.GE;
import static org.scimbridge.mapping.filter.CompareOperator.GT;
import static org.scimbridge.mapping.filter.CompareOperator.LE;
import static org.scimbridge.mapping.filter.CompareOperator.LT;
import static org.scimbridge.mapping.filter.CompareOperator.NE;
import static org.scimbridge.mapping.filter.CompareOperator.SW;
import static org.scimbridge.mapping.filter.Filters.CORE_USER;
import static org.scimbridge.mapping.filter.Filters.ENTERPRISE;
import static org.scimbridge.mapping.filter.Filters.and;
import static org.scimbridge.mapping.filter.Filters.bare;
import static org.scimbridge.mapping.filter.Filters.bool;
import static org.scimbridge.mapping.filter.Filters.cmp;
import static org.scimbridge.mapping.filter.Filters.eq;
import static org.scimbridge.mapping.filter.Filters.not;
import static org.scimbridge.mapping.filter.Filters.nul;
import static org.scimbridge.mapping.filter.Filters.num;
import static org.scimbridge.mapping.filter.Filters.or;
import static org.scimbridge.mapping.filter.Filters.pr;
import static org.scimbridge.mapping.filter.Filters.str;
import static org.scimbridge.mapping.filter.Filters.urnPath;
import static org.scimbridge.mapping.filter.Filters.vp;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.ScimException;

class FilterParserTest {

    private static final String LAST_MODIFIED = "2011-05-13T04:42:34Z";

    static Stream<Arguments> validFilters() {
        return Stream.of(
                // RFC 7644 section 3.4.2.2, every example filter in the order the RFC lists them
                arguments("userName eq \"bjensen\"", eq("userName", "bjensen")),
                arguments("name.familyName co \"O'Malley\"", cmp("name.familyName", CO, "O'Malley")),
                arguments("userName sw \"J\"", cmp("userName", SW, "J")),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
                        cmp(urnPath(CORE_USER, "userName"), SW, str("J"))),
                arguments("title pr", pr("title")),
                arguments("meta.lastModified gt \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", GT, LAST_MODIFIED)),
                arguments("meta.lastModified ge \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", GE, LAST_MODIFIED)),
                arguments("meta.lastModified lt \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", LT, LAST_MODIFIED)),
                arguments("meta.lastModified le \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", LE, LAST_MODIFIED)),
                arguments("title pr and userType eq \"Employee\"", and(pr("title"), eq("userType", "Employee"))),
                arguments("title pr or userType eq \"Intern\"", or(pr("title"), eq("userType", "Intern"))),
                arguments("schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
                        eq("schemas", ENTERPRISE)),
                arguments("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                        and(eq("userType", "Employee"),
                                or(cmp("emails", CO, "example.com"), cmp("emails.value", CO, "example.org")))),
                arguments("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
                        and(cmp("userType", NE, "Employee"),
                                not(or(cmp("emails", CO, "example.com"), cmp("emails.value", CO, "example.org"))))),
                arguments("userType eq \"Employee\" and (emails.type eq \"work\")",
                        and(eq("userType", "Employee"), eq("emails.type", "work"))),
                arguments("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
                        and(eq("userType", "Employee"),
                                vp("emails", and(eq("type", "work"), cmp("value", CO, "@example.com"))))),
                arguments("emails[type eq \"work\" and value co \"@example.com\"]"
                                + " or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                        
                        or(vp("emails", and(eq("type", "work"), cmp("value", CO, "@example.com"))),
                                vp("ims", and(eq("type", "xmpp"), cmp("value", CO, "@foo.com"))))),

                // the remaining operators
                arguments("userName ne \"bjensen\"", cmp("userName", NE, "bjensen")),
                arguments("userName co \"jens\"", cmp("userName", CO, "jens")),
                arguments("userName ew \"sen\"", cmp("userName", EW, "sen")),

                // precedence and associativity: or < and < not/parentheses
                arguments("a eq 1 or b eq 2 and c eq 3", or(eq("a", 1), and(eq("b", 2), eq("c", 3)))),
                arguments("a eq 1 and b eq 2 or c eq 3", or(and(eq("a", 1), eq("b", 2)), eq("c", 3))),
                arguments("a eq 1 and b eq 2 and c eq 3", and(and(eq("a", 1), eq("b", 2)), eq("c", 3))),
                arguments("a eq 1 or b eq 2 or c eq 3", or(or(eq("a", 1), eq("b", 2)), eq("c", 3))),
                arguments("(a eq 1 or b eq 2) and c eq 3", and(or(eq("a", 1), eq("b", 2)), eq("c", 3))),
                arguments("a eq 1 and (b eq 2 or c eq 3)", and(eq("a", 1), or(eq("b", 2), eq("c", 3)))),
                arguments("((a eq 1))", eq("a", 1)),
                arguments("((a eq 1 or (b eq 2 and (c eq 3))))", or(eq("a", 1), and(eq("b", 2), eq("c", 3)))),
                arguments("not (a eq 1) and b eq 2", and(not(eq("a", 1)), eq("b", 2))),
                arguments("not(a eq 1)", not(eq("a", 1))),
                arguments("not (not (a pr))", not(not(pr("a")))),
                arguments("a pr or not (b pr) and c pr", or(pr("a"), and(not(pr("b")), pr("c")))),
                arguments("(a eq 1)and(b eq 2)", and(eq("a", 1), eq("b", 2))),

                // keywords and operators are case-insensitive, attribute names are kept as written
                arguments("userName EQ \"x\"", eq("userName", "x")),
                arguments("UserName Sw \"J\"", cmp("UserName", SW, "J")),
                arguments("title PR", pr("title")),
                arguments("a eq 1 AND b eq 2 Or c eq 3", or(and(eq("a", 1), eq("b", 2)), eq("c", 3))),
                arguments("NOT (a pr)", not(pr("a"))),
                arguments("x Gt 1 and x lE 9", and(cmp("x", GT, num("1")), cmp("x", LE, num("9")))),

                // value paths
                arguments("emails[type eq \"work\"]", vp("emails", eq("type", "work"))),
                arguments("emails[type eq \"work\" or primary eq true]",
                        vp("emails", or(eq("type", "work"), eq("primary", bool(true))))),
                arguments("emails[not (type eq \"work\")]", vp("emails", not(eq("type", "work")))),
                arguments("emails[(type eq \"work\" or type eq \"home\") and value ew \"@example.com\"]",
                        vp("emails", and(or(eq("type", "work"), eq("type", "home")), cmp("value", EW, "@example.com")))),
                arguments("emails[value pr]", vp("emails", pr("value"))),
                arguments("members[value eq \"2819c223-7f76-453a-919d-413861904646\"]",
                        vp("members", eq("value", "2819c223-7f76-453a-919d-413861904646"))),

                // common attributes and URN-qualified extension attributes
                arguments("id eq \"2819c223-7f76-453a-919d-413861904646\"", eq("id", "2819c223-7f76-453a-919d-413861904646")),
                arguments("externalId eq \"701984\"", eq("externalId", "701984")),
                arguments("members.value eq \"2819c223\"", eq("members.value", "2819c223")),
                arguments("groups.value eq \"e9e30dba-f08f-4109-8486-d5c6a331660a\"",
                        eq("groups.value", "e9e30dba-f08f-4109-8486-d5c6a331660a")),
                arguments("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"",
                        cmp(urnPath(ENTERPRISE, "employeeNumber"), EQ, str("701984"))),
                arguments("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915\"",
                        cmp(urnPath(ENTERPRISE, "manager.value"), EQ, str("26118915"))),
                arguments("members.$ref pr", pr("members.$ref")),
                arguments("notes eq \"x\"", eq("notes", "x")),

                // JSON strings and their escapes (RFC 8259 section 7)
                arguments("userName eq \"a\\\"b\"", eq("userName", "a\"b")),
                arguments("userName eq \"back\\\\slash\"", eq("userName", "back\\slash")),
                arguments("displayName eq \"caf\\u00e9\"", eq("displayName", "café")),
                arguments("displayName eq \"\\ud83d\\ude00\"", eq("displayName", "\uD83D\uDE00")),
                arguments("displayName eq \"a\\/b\\b\\f\\n\\r\\t\"", eq("displayName", "a/b\b\f\n\r\t")),
                arguments("userName co \"\"", cmp("userName", CO, "")),
                arguments("userName eq \"*)(uid=*\"", eq("userName", "*)(uid=*")),
                arguments("displayName eq \"Jürgen Ünlü 山田 😀\"", eq("displayName", "Jürgen Ünlü 山田 😀")),

                // booleans, numbers and null
                arguments("active eq true", eq("active", bool(true))),
                arguments("active eq FALSE", eq("active", bool(false))),
                arguments("active co true", cmp("active", CO, bool(true))),
                arguments("x eq 42", eq("x", num("42"))),
                arguments("x gt -7", cmp("x", GT, num("-7"))),
                arguments("x le 3.25", cmp("x", LE, num("3.25"))),
                arguments("x ge 1.5e3", cmp("x", GE, num("1.5e3"))),
                arguments("x lt -2E-2", cmp("x", LT, num("-2E-2"))),
                arguments("manager eq null", eq("manager", nul())),
                arguments("manager ne NULL", cmp("manager", NE, nul())),

                // Microsoft Entra ID leniencies: unquoted strings, and "True" left for the schema-aware translator
                arguments("externalId eq jyoung", eq("externalId", bare("jyoung"))),
                arguments("emails[type eq work]", vp("emails", eq("type", bare("work")))),
                arguments("(externalId eq jyoung)", eq("externalId", bare("jyoung"))),
                arguments("externalId eq 0123", eq("externalId", bare("0123"))),
                arguments("active eq \"True\"", eq("active", "True")),

                // whitespace
                arguments("  userName \t eq\t\"x\"   and  title   pr  ", and(eq("userName", "x"), pr("title"))),
                arguments("( a pr )", pr("a")));
    }

    static Stream<Arguments> invalidFilters() {
        return Stream.of(
                arguments("", "expected a filter at position 0"),
                arguments("   ", "expected a filter at position 3"),
                arguments("userName xx \"a\"", "expected a comparison operator at position 9"),
                arguments("userName = \"a\"", "expected a comparison operator at position 9"),
                arguments("eq \"x\"", "expected a comparison operator at position 3"),
                arguments("userName eq", "expected a value at position 11"),
                arguments("userName eq )", "expected a value at position 12"),
                arguments("userName eq \"abc", "missing closing '\"' for the string starting at position 12"),
                arguments("userName eq \"a\\qb\"",
                        "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX as escape at position 14"),
                arguments("userName eq \"\\u12G4\"", "expected four hex digits after \\u at position 13"),
                arguments("userName eq \"\\ud83d\"",
                        "expected a surrogate pair, found a lone surrogate in the escape at position 13"),
                arguments("userName eq \"a\tb\"", "expected an escape sequence instead of a control character at position 14"),
                arguments("(userName eq \"a\"", "expected 'and', 'or' or ')' at position 16"),
                arguments("userName eq \"a\")",
                        "expected 'and', 'or' or the end of the filter, found ')' without a matching '(' at position 15"),
                arguments("userName eq \"a\" and", "expected an attribute name, '(' or 'not' at position 19"),
                arguments("a eq \"b\" and and c pr", "expected an attribute name, '(' or 'not', found 'and' at position 13"),
                arguments("or a pr", "expected an attribute name, '(' or 'not', found 'or' at position 0"),
                arguments("not userName eq \"a\"", "expected '(' after 'not' at position 4"),
                arguments("a pr or not", "expected '(' after 'not' at position 11"),
                arguments("not (a pr", "expected 'and', 'or' or ')' at position 9"),
                arguments("emails[type eq \"work\" and x[y eq 1]]", "value filters cannot be nested at position 27"),
                arguments("emails[type eq \"work\"].value eq \"x\"", "allowed only in PATCH paths at position 22"),
                arguments("emails.type[value eq \"x\"]", "expected an attribute without sub-attribute before '[' at position 11"),
                arguments("title pr \"x\"", "after 'pr', which takes no value at position 9"),
                arguments("title pr x", "after 'pr', which takes no value at position 9"),
                arguments("1abc eq \"x\"", "expected an attribute name starting with a letter at position 0"),
                arguments("na\u00efve eq \"x\"", "unexpected character '\u00ef' in attribute name at position 2"),
                arguments("name.givenName.x eq 1", "expected at most one sub-attribute at position 14"),
                arguments(". eq \"x\"", "expected an attribute name starting with a letter at position 0"),
                arguments("name. eq \"x\"", "expected a sub-attribute name after '.' starting with a letter at position 5"),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User: eq \"x\"",
                        "expected an attribute name after the schema URN at position 43"),
                arguments("foo:bar eq 1", "expected a schema URN starting with 'urn:' at position 0"),
                arguments("userName eq \"a\" xyz", "expected 'and', 'or' or the end of the filter at position 16"),
                arguments("userName eq \"a\" \"b\"", "expected 'and', 'or' or the end of the filter at position 16"),
                arguments("userName eq a(b", "unexpected '(' in an unquoted value at position 13"),
                arguments("userName eq \"" + "a".repeat(FilterParser.MAX_LENGTH) + "\"",
                        "filter longer than 4096 characters at position 4096"),
                arguments("(".repeat(51) + "a pr" + ")".repeat(51),
                        "expected at most 50 levels of parentheses, brackets and 'not' in the filter at position 50"),
                arguments("not (".repeat(51) + "a pr" + ")".repeat(51),
                        "expected at most 50 levels of parentheses, brackets and 'not' in the filter at position 250"),
                arguments("active gt true", "expected a string, number or dateTime value for 'gt', not a boolean at position 10"),
                arguments("active le FALSE",
                        "expected a string, number or dateTime value for 'le', not a boolean at position 10"),
                arguments("manager co null", "expected 'eq' or 'ne' to compare with null, not 'co' at position 11"),
                arguments("manager gt null", "expected 'eq' or 'ne' to compare with null, not 'gt' at position 11"),
                arguments("emails[]", "expected an attribute name, '(' or 'not' at position 7"),
                arguments("userName eq \"a\"]",
                        "expected 'and', 'or' or the end of the filter, found ']' without a matching '[' at position 15"),
                arguments("emails[type eq \"work\"", "expected 'and', 'or' or ']' at position 21"),
                arguments("emails[type eq \"work\")", "expected 'and', 'or' or ']' at position 21"),
                arguments("x eq 1e99999999999", "expected a number with an exponent in range at position 5"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validFilters")
    void parsesToExpectedTree(String text, ScimFilter expected) {
        assertEquals(expected, FilterParser.parse(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validFilters")
    void canonicalTextParsesBackToTheSameText(String text, ScimFilter expected) {
        String canonical = expected.toString();
        assertEquals(canonical, FilterParser.parse(canonical).toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidFilters")
    void rejectsWithInvalidFilterNamingThePosition(String text, String expectedFragment) {
        ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse(text));
        assertEquals(400, e.status());
        assertEquals("invalidFilter", e.scimType());
        assertTrue(e.detail().contains(expectedFragment), () -> "message was: " + e.detail());
        assertTrue(e.detail().matches("(?s).* at position \\d+ in '.*'"), () -> "message was: " + e.detail());
    }

    @Test
    void acceptsFiftyLevelsOfNesting() {
        assertEquals(pr("a"), FilterParser.parse("(".repeat(50) + "a pr" + ")".repeat(50)));
    }

    @Test
    void acceptsFilterOfExactlyTheMaximumLength() {
        String prefix = "userName eq \"";
        String value = "a".repeat(FilterParser.MAX_LENGTH - prefix.length() - 1);
        assertEquals(eq("userName", value), FilterParser.parse(prefix + value + "\""));
    }

    @Test
    void errorMessageEchoesAtMostHundredCharactersOfTheInput() {
        String text = "userName eq \"" + "a".repeat(1000) + "\" xyz " + "b".repeat(1000);
        ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse(text));
        String echo = e.detail().substring(e.detail().indexOf(" in '") + 5, e.detail().length() - 1);
        assertEquals("..." + "a".repeat(48) + "\" xyz " + "b".repeat(46) + "...", echo);
        assertTrue(e.detail().startsWith("expected 'and', 'or' or the end of the filter at position 1015 in"), e.detail());
    }

    @Test
    void nullTextIsAnInvalidFilter() {
        ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse(null));
        assertEquals("expected a filter at position 0 in ''", e.detail());
    }

    @Test
    void messageHasTheDocumentedShape() {
        ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse("userName xx \"a\""));
        assertEquals("expected a comparison operator at position 9 in 'userName xx \"a\"'", e.detail());
    }

    @Test
    void toStringIsCanonicalText() {
        assertEquals("A eq 1 or b eq 2 and c pr", FilterParser.parse("A EQ 1 OR (b eq 2 AND c PR)").toString());
        assertEquals("a eq 1 and (b eq 2 and c eq 3)", and(eq("a", 1), and(eq("b", 2), eq("c", 3))).toString());
        assertEquals("(a pr or b pr) and not (c pr)", FilterParser.parse("(a pr or b pr) and not(c pr)").toString());
        assertEquals("x eq \"a\\\"b\\\\c\\n\\u0001\"", eq("x", "a\"b\\c\n\u0001").toString());
        assertEquals("externalId eq \"jyoung\"", FilterParser.parse("externalId eq jyoung").toString());
        assertEquals("emails[type eq \"work\" and primary eq true]",
                FilterParser.parse("emails[type eq \"work\" and primary eq TRUE]").toString());
        assertEquals("manager eq null", eq("manager", nul()).toString());
    }
}
