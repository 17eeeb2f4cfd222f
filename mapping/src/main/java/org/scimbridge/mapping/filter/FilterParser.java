package org.scimbridge.mapping.filter;

import java.util.function.Function;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.filter.FilterValue.BooleanValue;
import org.scimbridge.mapping.filter.FilterValue.NullValue;
import org.scimbridge.mapping.filter.ScimFilter.And;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.filter.ScimFilter.Not;
import org.scimbridge.mapping.filter.ScimFilter.Or;
import org.scimbridge.mapping.filter.ScimFilter.Present;
import org.scimbridge.mapping.filter.ScimFilter.ValuePath;

/**
 * Recursive-descent parser for the SCIM filter grammar of RFC 7644 section 3.4.2.2 and the PATCH path grammar of
 * section 3.5.2, one method per precedence level: {@code or} binds weaker than {@code and}, which binds weaker than
 * {@code not}, parentheses, value paths and attribute expressions; {@code and} and {@code or} are left-associative.
 *
 * <p>Keywords and operators are case-insensitive ("Attribute names and attribute operators used in filters are case
 * insensitive"); attribute names are kept as written. Input is bounded to {@value #MAX_LENGTH} characters and
 * {@value #MAX_DEPTH} levels of nesting so that a hostile filter cannot exhaust the stack. Every error is a
 * {@link ScimException} (400 invalidFilter, or invalidPath for PATCH paths) naming the 0-based position.
 */
public final class FilterParser {

    /** Longest accepted filter or PATCH path, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** Deepest accepted nesting; every parenthesis pair, value filter {@code [...]} and {@code not (...)} is a level. */
    public static final int MAX_DEPTH = 50;

    private final FilterCursor cursor;
    private final String what;
    private int depth;
    private boolean inValuePath;

    private FilterParser(FilterCursor cursor, String what) {
        this.cursor = cursor;
        this.what = what;
    }

    /**
     * Parses the value of a {@code filter} parameter.
     *
     * @throws ScimException 400 invalidFilter on any syntax error or unsupported comparison
     */
    public static ScimFilter parse(String text) {
        FilterParser parser = start(text, "filter", ScimException::invalidFilter);
        ScimFilter filter = parser.or();
        parser.expectEnd("'and', 'or' or the end of the filter");
        return filter;
    }

    /**
     * Parses a PATCH operation path (RFC 7644 section 3.5.2: {@code PATH = attrPath / valuePath [subAttr]}), such as
     * {@code name.familyName}, {@code members[value eq "2819c223"]} or {@code emails[type eq "work"].value}.
     *
     * @throws ScimException 400 invalidPath on any syntax error, including errors inside the value filter
     */
    public static PatchPath parsePatchPath(String text) {
        FilterParser parser = start(text, "path", ScimException::invalidPath);
        FilterCursor cursor = parser.cursor;
        AttributePath attribute = AttributePathReader.read(cursor);
        if (cursor.peek() != '[') {
            parser.expectEnd("'[' or the end of the path");
            return new PatchPath(attribute, null, null);
        }
        ScimFilter valueFilter = parser.valueFilter(attribute);
        String subAttribute = cursor.consume('.') ? AttributePathReader.readName(cursor, "a sub-attribute name after '.'") : null;
        parser.expectEnd(subAttribute == null ? "'.' or the end of the path" : "the end of the path");
        return new PatchPath(attribute, valueFilter, subAttribute);
    }

    private static FilterParser start(String text, String what, Function<String, ScimException> errors) {
        FilterCursor cursor = FilterCursor.of(text, errors);
        if (cursor.text().length() > MAX_LENGTH) {
            throw cursor.error(what + " longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        cursor.skipWhitespace();
        if (cursor.atEnd()) {
            throw cursor.error("expected a " + what, cursor.position());
        }
        return new FilterParser(cursor, what);
    }

    /** {@code orExp = andExp *("or" andExp)}. */
    private ScimFilter or() {
        ScimFilter left = and();
        while (keyword("or")) {
            left = new Or(left, and());
        }
        return left;
    }

    /** {@code andExp = factor *("and" factor)}. */
    private ScimFilter and() {
        ScimFilter left = factor();
        while (keyword("and")) {
            left = new And(left, factor());
        }
        return left;
    }

    /** {@code factor = "(" orExp ")" / "not" "(" orExp ")" / valuePath / attrExp}. */
    private ScimFilter factor() {
        cursor.skipWhitespace();
        int start = cursor.position();
        if (cursor.consume('(')) {
            return grouped(start, ')');
        }
        if (cursor.atKeyword("not")) {
            // RFC 7644 section 3.4.2.2: "not" "(" valFilter ")"; the parentheses are required, the space is not.
            cursor.advance("not".length());
            cursor.skipWhitespace();
            if (!cursor.consume('(')) {
                throw cursor.error("expected '(' after 'not'", cursor.position());
            }
            return new Not(grouped(start, ')'));
        }
        String token = cursor.peekToken();
        if (token.isEmpty() || token.equalsIgnoreCase("and") || token.equalsIgnoreCase("or")) {
            // "and" and "or" are valid ATTRNAMEs, but no schema defines them and a doubled keyword is the likelier mistake.
            throw cursor.error("expected an attribute name, '(' or 'not'" + (token.isEmpty() ? "" : ", found '" + token + "'"),
                    start);
        }
        return attributeExpression();
    }

    /** {@code attrExp = attrPath SP "pr" / attrPath SP compareOp SP compValue}, or a value path. */
    private ScimFilter attributeExpression() {
        AttributePath path = AttributePathReader.read(cursor);
        if (cursor.peek() == '[') {
            ValuePath valuePath = new ValuePath(path, valueFilter(path));
            if (cursor.peek() == '.') {
                // valuePath [subAttr] is PATCH path syntax (section 3.5.2); the filter grammar has no such form.
                throw cursor.error("expected 'and' or 'or' after ']', not '.'; a sub-attribute after a value filter is"
                        + " allowed only in PATCH paths", cursor.position());
            }
            return valuePath;
        }
        cursor.skipWhitespace();
        int operatorStart = cursor.position();
        String keyword = cursor.peekToken();
        if (keyword.equalsIgnoreCase("pr")) {
            cursor.advance(keyword.length());
            rejectValueAfterPresent();
            return new Present(path);
        }
        CompareOperator operator = CompareOperator.parse(keyword)
                .orElseThrow(() -> cursor.error("expected a comparison operator", operatorStart));
        cursor.advance(keyword.length());
        cursor.skipWhitespace();
        int valueStart = cursor.position();
        FilterValue value = FilterValueReader.read(cursor);
        checkComparable(operator, value, valueStart);
        return new Compare(path, operator, value);
    }

    /** The {@code [valFilter]} of a value path, with the cursor on {@code [}; its paths are relative to the attribute. */
    private ScimFilter valueFilter(AttributePath attribute) {
        int bracket = cursor.position();
        if (inValuePath) {
            throw cursor.error("expected a comparison operator; value filters cannot be nested", bracket);
        }
        if (attribute.hasSubAttribute()) {
            throw cursor.error("expected an attribute without sub-attribute before '['", bracket);
        }
        cursor.advance(1);
        inValuePath = true;
        ScimFilter filter = grouped(bracket, ']');
        inValuePath = false;
        return filter;
    }

    /** The rest of a parenthesised or bracketed filter whose opening character at {@code start} was consumed. */
    private ScimFilter grouped(int start, char close) {
        if (++depth > MAX_DEPTH) {
            throw cursor.error("expected at most " + MAX_DEPTH + " levels of parentheses, brackets and 'not' in the "
                    + what, start);
        }
        ScimFilter inner = or();
        cursor.skipWhitespace();
        if (!cursor.consume(close)) {
            throw cursor.error("expected 'and', 'or' or '" + close + "'", cursor.position());
        }
        depth--;
        return inner;
    }

    /** Consumes {@code keyword} if it is the next token after optional whitespace. */
    private boolean keyword(String keyword) {
        cursor.skipWhitespace();
        if (cursor.atKeyword(keyword)) {
            cursor.advance(keyword.length());
            return true;
        }
        return false;
    }

    /** {@code pr} takes no value (RFC 7644 section 3.4.2.2); {@code title pr "x"} gets a precise message. */
    private void rejectValueAfterPresent() {
        cursor.skipWhitespace();
        String token = cursor.peekToken();
        boolean logical = token.equalsIgnoreCase("and") || token.equalsIgnoreCase("or");
        if (cursor.peek() == '"' || (!token.isEmpty() && !logical)) {
            throw cursor.error("expected 'and', 'or' or the end after 'pr', which takes no value", cursor.position());
        }
    }

    /**
     * RFC 7644 section 3.4.2.2: "gt", "ge", "lt" and "le" with a boolean "SHALL" fail with invalidFilter; and
     * {@code null} is only meaningful for equality (an attribute "eq null" is the same as absent, section 3.4.2.2).
     */
    private void checkComparable(CompareOperator operator, FilterValue value, int at) {
        if (value instanceof BooleanValue && operator.isOrdering()) {
            throw cursor.error("expected a string, number or dateTime value for '" + operator.keyword()
                    + "', not a boolean", at);
        }
        if (value instanceof NullValue && operator != CompareOperator.EQ && operator != CompareOperator.NE) {
            throw cursor.error("expected 'eq' or 'ne' to compare with null, not '" + operator.keyword() + "'", at);
        }
    }

    private void expectEnd(String expected) {
        cursor.skipWhitespace();
        if (cursor.atEnd()) {
            return;
        }
        String found = switch (cursor.peek()) {
            case ')' -> ", found ')' without a matching '('";
            case ']' -> ", found ']' without a matching '['";
            default -> "";
        };
        throw cursor.error("expected " + expected + found, cursor.position());
    }
}
