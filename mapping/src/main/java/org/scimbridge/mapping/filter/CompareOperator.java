package org.scimbridge.mapping.filter;

import java.util.Locale;
import java.util.Optional;

/** The comparison operators of RFC 7644 section 3.4.2.2, table 3; {@code pr} is a separate node ({@link ScimFilter.Present}). */
public enum CompareOperator {
    /** equal */
    EQ,
    /** not equal */
    NE,
    /** contains */
    CO,
    /** starts with */
    SW,
    /** ends with */
    EW,
    /** greater than */
    GT,
    /** greater than or equal to */
    GE,
    /** less than */
    LT,
    /** less than or equal to */
    LE;

    /** The operator as written in a filter: {@code eq}, {@code ne}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the operator orders values; RFC 7644 section 3.4.2.2 rejects these for booleans. */
    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }

    /**
     * Looks up an operator keyword case-insensitively (RFC 7644 section 3.4.2.2: "Attribute names and
     * attribute operators used in filters are case insensitive").
     */
    public static Optional<CompareOperator> parse(String keyword) {
        for (CompareOperator op : values()) {
            if (op.name().equalsIgnoreCase(keyword)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
