package org.scimbridge.mapping.filter;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

import org.scimbridge.mapping.filter.FilterValue.BooleanValue;
import org.scimbridge.mapping.filter.FilterValue.NullValue;
import org.scimbridge.mapping.filter.FilterValue.NumberValue;
import org.scimbridge.mapping.filter.FilterValue.StringValue;

/**
 * Reads a {@code compValue} (RFC 7644 section 3.4.2.2): a JSON string, number, {@code true}, {@code false} or
 * {@code null} as defined by RFC 8259, the literals case-insensitively.
 */
final class FilterValueReader {

    /** RFC 8259 section 6: {@code [ minus ] int [ frac ] [ exp ]}. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private FilterValueReader() {
    }

    static FilterValue read(FilterCursor cursor) {
        if (cursor.peek() == '"') {
            return new StringValue(readString(cursor), true);
        }
        int start = cursor.position();
        String token = readBareToken(cursor);
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "true" -> new BooleanValue(true);
            case "false" -> new BooleanValue(false);
            case "null" -> NullValue.INSTANCE;
            default -> JSON_NUMBER.matcher(token).matches() ? number(cursor, token, start) : new StringValue(token, false);
        };
    }

    /**
     * A token up to whitespace, {@code )} or {@code ]}. Besides the JSON literals and numbers this accepts an
     * unquoted string: Microsoft Entra ID's SCIM documentation shows {@code externalId eq jyoung}
     * (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups),
     * which RFC 7644 does not allow but which costs nothing to accept.
     */
    private static String readBareToken(FilterCursor cursor) {
        int start = cursor.position();
        while (!cursor.atEnd() && !FilterCursor.isWhitespace(cursor.peek()) && cursor.peek() != ')' && cursor.peek() != ']') {
            int c = cursor.peek();
            if (c == '"' || c == '(' || c == '[') {
                throw cursor.error("unexpected '" + (char) c + "' in an unquoted value", cursor.position());
            }
            cursor.advance(1);
        }
        if (cursor.position() == start) {
            throw cursor.error("expected a value", start);
        }
        return cursor.text().substring(start, cursor.position());
    }

    private static NumberValue number(FilterCursor cursor, String token, int start) {
        try {
            return new NumberValue(new BigDecimal(token));
        } catch (NumberFormatException e) {
            throw cursor.error("expected a number with an exponent in range", start);
        }
    }

    /** A JSON string (RFC 8259 section 7) starting at the opening quote; returns the decoded value. */
    private static String readString(FilterCursor cursor) {
        int start = cursor.position();
        cursor.advance(1);
        StringBuilder value = new StringBuilder();
        while (true) {
            int c = cursor.peek();
            if (c < 0) {
                throw cursor.error("missing closing '\"' for the string starting", start);
            }
            if (c < 0x20) {
                throw cursor.error("expected an escape sequence instead of a control character", cursor.position());
            }
            cursor.advance(1);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                readEscape(cursor, value);
            } else {
                value.append((char) c);
            }
        }
    }

    private static void readEscape(FilterCursor cursor, StringBuilder value) {
        int backslash = cursor.position() - 1;
        int c = cursor.peek();
        cursor.advance(1);
        switch (c) {
            case '"', '\\', '/' -> value.append((char) c);
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'u' -> value.append(readUnicodeEscape(cursor, backslash));
            default -> throw cursor.error("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX as escape", backslash);
        }
    }

    /** {@code \}{@code uXXXX}, joining a surrogate pair written as two escapes; lone surrogates are rejected. */
    private static String readUnicodeEscape(FilterCursor cursor, int backslash) {
        char high = hex4(cursor, backslash);
        if (!Character.isSurrogate(high)) {
            return String.valueOf(high);
        }
        int lowStart = cursor.position();
        if (Character.isHighSurrogate(high) && cursor.text().startsWith("\\u", lowStart)) {
            cursor.advance(2);
            char low = hex4(cursor, lowStart);
            if (Character.isLowSurrogate(low)) {
                return new String(new char[] {high, low});
            }
        }
        throw cursor.error("expected a surrogate pair, found a lone surrogate in the escape", backslash);
    }

    private static char hex4(FilterCursor cursor, int backslash) {
        String text = cursor.text();
        int start = cursor.position();
        int code = 0;
        for (int i = start; i < start + 4; i++) {
            int digit = i < text.length() ? hexDigit(text.charAt(i)) : -1;
            if (digit < 0) {
                throw cursor.error("expected four hex digits after \\u", backslash);
            }
            code = code * 16 + digit;
        }
        cursor.advance(4);
        return (char) code;
    }

    /** ASCII hex digits only; {@link Character#digit} would also accept, say, full-width digits. */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
