package org.scimbridge.mapping.filter;

import java.util.function.Function;

import org.scimbridge.mapping.ScimException;

/**
 * A position in filter or path text, and the one place that builds error messages, so that every message names the
 * 0-based position and shows at most {@value #MAX_ECHO} characters of the input around it.
 */
final class FilterCursor {

    static final int MAX_ECHO = 100;
    private static final String ELLIPSIS = "...";

    private final String text;
    private final Function<String, ScimException> errors;
    private int position;

    private FilterCursor(String text, Function<String, ScimException> errors) {
        this.text = text;
        this.errors = errors;
    }

    /** A cursor at the start of {@code text} (a {@code null} text reads as empty); errors are made by {@code errors}. */
    static FilterCursor of(String text, Function<String, ScimException> errors) {
        return new FilterCursor(text == null ? "" : text, errors);
    }

    String text() {
        return text;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= text.length();
    }

    /** The current character, or -1 at the end. */
    int peek() {
        return atEnd() ? -1 : text.charAt(position);
    }

    void advance(int count) {
        position += count;
    }

    /** Consumes {@code c} if it is the current character. */
    boolean consume(char c) {
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    /** Skips spaces, tabs and line breaks; returns whether anything was skipped. */
    boolean skipWhitespace() {
        int start = position;
        while (!atEnd() && isWhitespace(text.charAt(position))) {
            position++;
        }
        return position > start;
    }

    /**
     * The longest run of characters that may form an attribute path or a keyword, starting at the cursor, without
     * consuming it. Letters and digits of any script are included so that a bad name is reported as a whole.
     */
    String peekToken() {
        int end = position;
        while (end < text.length() && isTokenChar(text.charAt(end))) {
            end++;
        }
        return text.substring(position, end);
    }

    /** Whether the current token is {@code keyword}, ignoring case. */
    boolean atKeyword(String keyword) {
        return peekToken().equalsIgnoreCase(keyword);
    }

    /** {@code message at position N in 'text'}, as the configured error type. */
    ScimException error(String message, int at) {
        return errors.apply(message + " at position " + at + " in '" + echo(at) + "'");
    }

    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '$';
    }

    /** The whole text if short, otherwise a window of {@value #MAX_ECHO} characters around {@code at}. */
    private String echo(int at) {
        if (text.length() <= MAX_ECHO) {
            return text;
        }
        int start = Math.max(0, Math.min(at - MAX_ECHO / 2, text.length() - MAX_ECHO));
        int end = start + MAX_ECHO;
        return (start > 0 ? ELLIPSIS : "") + text.substring(start, end) + (end < text.length() ? ELLIPSIS : "");
    }
}
