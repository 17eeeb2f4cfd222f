package org.scimbridge.mapping.filter;

import org.scimbridge.mapping.filter.ScimFilter.And;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.filter.ScimFilter.Not;
import org.scimbridge.mapping.filter.ScimFilter.Or;
import org.scimbridge.mapping.filter.ScimFilter.Present;
import org.scimbridge.mapping.filter.ScimFilter.ValuePath;

/**
 * Writes a {@link ScimFilter} as canonical filter text: lower-case keywords, single spaces, quoted strings, and
 * parentheses exactly where precedence ({@code or} below {@code and}, both left-associative) needs them.
 */
final class FilterFormatter {

    private FilterFormatter() {
    }

    static String format(ScimFilter filter) {
        StringBuilder out = new StringBuilder();
        append(out, filter);
        return out.toString();
    }

    /** A JSON string literal (RFC 8259 section 7); non-ASCII characters are written as they are. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void append(StringBuilder out, ScimFilter filter) {
        switch (filter) {
            case Or(ScimFilter left, ScimFilter right) -> {
                append(out, left);
                out.append(" or ");
                appendGrouped(out, right, right instanceof Or);
            }
            case And(ScimFilter left, ScimFilter right) -> {
                appendGrouped(out, left, left instanceof Or);
                out.append(" and ");
                appendGrouped(out, right, right instanceof Or || right instanceof And);
            }
            case Not(ScimFilter inner) -> {
                out.append("not ");
                appendGrouped(out, inner, true);
            }
            case Compare(AttributePath path, CompareOperator op, FilterValue value) ->
                    out.append(path).append(' ').append(op.keyword()).append(' ').append(value);
            case Present(AttributePath path) -> out.append(path).append(" pr");
            case ValuePath(AttributePath attribute, ScimFilter inner) -> {
                out.append(attribute).append('[');
                append(out, inner);
                out.append(']');
            }
        }
    }

    private static void appendGrouped(StringBuilder out, ScimFilter filter, boolean parenthesise) {
        if (parenthesise) {
            out.append('(');
        }
        append(out, filter);
        if (parenthesise) {
            out.append(')');
        }
    }
}
