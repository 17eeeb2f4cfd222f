package org.scimbridge.mapping.filter;

/**
 * Reads an attribute path from a {@link FilterCursor}. The grammar is RFC 7644 section 3.10
 * ({@code attrPath = [URI ":"] ATTRNAME *1subAttr}) with ATTRNAME from RFC 7643 section 2.1
 * ({@code ALPHA *(nameChar)}, {@code nameChar = "-" / "_" / DIGIT / ALPHA}); {@code $ref} is accepted as a name
 * because RFC 7643 uses it as a sub-attribute of references (section 2.4).
 */
final class AttributePathReader {

    private static final String URN_PREFIX = "urn:";
    private static final String REF = "$ref";

    private AttributePathReader() {
    }

    /** Reads one attribute path at the cursor; the path ends at the first character that cannot be part of one. */
    static AttributePath read(FilterCursor cursor) {
        int start = cursor.position();
        String token = cursor.peekToken();
        if (token.isEmpty()) {
            throw cursor.error("expected an attribute name", start);
        }
        cursor.advance(token.length());
        String urn = null;
        String rest = token;
        int restStart = start;
        int colon = token.lastIndexOf(':');
        if (colon >= 0) {
            urn = token.substring(0, colon);
            if (!isSchemaUrn(urn)) {
                throw cursor.error("expected a schema URN starting with 'urn:'", start);
            }
            rest = token.substring(colon + 1);
            restStart = start + colon + 1;
            if (rest.isEmpty()) {
                throw cursor.error("expected an attribute name after the schema URN", restStart);
            }
        }
        int dot = rest.indexOf('.');
        String name = checkName(cursor, dot < 0 ? rest : rest.substring(0, dot), restStart, "an attribute name");
        if (dot < 0) {
            return new AttributePath(urn, name, null);
        }
        String sub = rest.substring(dot + 1);
        int subStart = restStart + dot + 1;
        int secondDot = sub.indexOf('.');
        if (secondDot >= 0) {
            throw cursor.error("expected at most one sub-attribute", subStart + secondDot);
        }
        return new AttributePath(urn, name, checkName(cursor, sub, subStart, "a sub-attribute name after '.'"));
    }

    /** Reads a bare ATTRNAME, as after {@code ]} in a PATCH path ({@code emails[type eq "work"].value}). */
    static String readName(FilterCursor cursor, String expected) {
        int start = cursor.position();
        String token = cursor.peekToken();
        int end = 0;
        while (end < token.length() && token.charAt(end) != '.' && token.charAt(end) != ':') {
            end++;
        }
        String name = checkName(cursor, token.substring(0, end), start, expected);
        cursor.advance(name.length());
        return name;
    }

    /** RFC 7643 section 2.1 ATTRNAME, plus {@code $ref}. */
    static boolean isAttributeName(String name) {
        return invalidCharIndex(name) < 0;
    }

    /** A non-empty URN: {@code urn:} followed by at least one character. */
    static boolean isSchemaUrn(String urn) {
        return urn.length() > URN_PREFIX.length() && urn.regionMatches(true, 0, URN_PREFIX, 0, URN_PREFIX.length());
    }

    private static String checkName(FilterCursor cursor, String name, int start, String expected) {
        int bad = invalidCharIndex(name);
        if (bad == 0) {
            throw cursor.error("expected " + expected + " starting with a letter", start);
        }
        if (bad > 0) {
            throw cursor.error("unexpected character '" + name.charAt(bad) + "' in attribute name", start + bad);
        }
        return name;
    }

    /** Index of the first character that breaks the ATTRNAME rule, or -1 when the name is valid. */
    private static int invalidCharIndex(String name) {
        if (name.isEmpty()) {
            return 0;
        }
        if (name.equalsIgnoreCase(REF)) {
            return -1;
        }
        if (!isAsciiLetter(name.charAt(0))) {
            return 0;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
