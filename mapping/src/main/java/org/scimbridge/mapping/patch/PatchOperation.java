package org.scimbridge.mapping.patch;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.filter.FilterParser;
import org.scimbridge.mapping.filter.PatchPath;

/**
 * One member of a PATCH request's {@code Operations} (RFC 7644 section 3.5.2), as {@link PatchRequest#parse} leaves it:
 * the op recognised, the path parsed, the value normalised by {@link PatchLeniency}.
 *
 * @param op    what to do
 * @param path  the target; empty for the path-less form, whose target is the resource itself (section 3.5.2.1, 3.5.2.3)
 * @param value the value, or {@code null} when the operation carries none (a plain {@code remove})
 * @param index the 0-based position in {@code Operations} as sent; every error detail names it
 */
public record PatchOperation(Op op, Optional<PatchPath> path, JsonNode value, int index) {

    /** The three operations of RFC 7644 section 3.5.2. */
    public enum Op {
        /** Section 3.5.2.1. */
        ADD,
        /** Section 3.5.2.3. */
        REPLACE,
        /** Section 3.5.2.2. */
        REMOVE;

        /** The keyword as the RFC writes it: {@code add}, {@code replace}, {@code remove}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Rejects {@code null} for op and path and a negative index. */
    public PatchOperation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
    }

    /**
     * An operation built in code rather than parsed from a request; no leniency is applied to {@code value}.
     *
     * @param path the path text, or {@code null} for the path-less form
     * @throws ScimException 400 invalidPath when {@code path} is malformed
     */
    public static PatchOperation of(Op op, String path, JsonNode value, int index) {
        return new PatchOperation(op, Optional.ofNullable(path).map(FilterParser::parsePatchPath), value, index);
    }

    /** {@code operation 2 (Operations[2])}: how error details name this operation. */
    public String where() {
        return where(index);
    }

    /** {@code replace emails[type eq "work"].value}. */
    @Override
    public String toString() {
        return path.map(p -> op.keyword() + " " + p).orElse(op.keyword());
    }

    static String where(int index) {
        return "operation " + index + " (Operations[" + index + "])";
    }

    /** The same error with the operation named at the front of its detail, so the client knows which one failed. */
    static ScimException located(int index, ScimException error) {
        String prefix = where(index);
        if (error.detail().startsWith(prefix)) {
            return error;
        }
        ScimException located = new ScimException(error.status(), error.scimType(), prefix + ": " + error.detail());
        located.initCause(error);
        return located;
    }
}
