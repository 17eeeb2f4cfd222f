package org.scimbridge.mapping.filter;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The {@code compValue} of RFC 7644 section 3.4.2.2: {@code false / null / true / number / string}, all as in JSON
 * (RFC 8259). {@code toString()} gives the value as it would be written in a filter.
 */
public sealed interface FilterValue {

    /**
     * A string value. {@code quoted} is {@code false} only for the unquoted-token leniency of {@link FilterParser}.
     * Strings are never reinterpreted here: {@code "True"} stays a string, because only the schema knows whether the
     * attribute is boolean.
     */
    record StringValue(String value, boolean quoted) implements FilterValue {
        /** Rejects a {@code null} value. */
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return FilterFormatter.quote(value);
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanValue(boolean value) implements FilterValue {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A JSON number, exactly as written (so {@code 1.0} and {@code 1.00} differ in scale). */
    record NumberValue(BigDecimal value) implements FilterValue {
        /** Rejects a {@code null} value. */
        public NumberValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** The JSON literal {@code null}; all instances are equal. */
    record NullValue() implements FilterValue {
        /** The one instance the parser uses. */
        public static final NullValue INSTANCE = new NullValue();

        @Override
        public String toString() {
            return "null";
        }
    }
}
