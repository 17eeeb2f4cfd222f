package org.scimbridge.mapping.filter;

import java.util.Objects;

/**
 * The typed AST of a SCIM filter (RFC 7644 section 3.4.2.2), produced by {@link FilterParser}. Consumers use an
 * exhaustive pattern {@code switch}. {@code toString()} gives canonical filter text that parses back to an equal tree,
 * except that unquoted string values come back quoted.
 */
public sealed interface ScimFilter {

    /** {@code left and right}. */
    record And(ScimFilter left, ScimFilter right) implements ScimFilter {
        /** Rejects {@code null} operands. */
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return FilterFormatter.format(this);
        }
    }

    /** {@code left or right}. */
    record Or(ScimFilter left, ScimFilter right) implements ScimFilter {
        /** Rejects {@code null} operands. */
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return FilterFormatter.format(this);
        }
    }

    /** {@code not (inner)}. */
    record Not(ScimFilter inner) implements ScimFilter {
        /** Rejects a {@code null} operand. */
        public Not {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String toString() {
            return FilterFormatter.format(this);
        }
    }

    /** {@code path op value}, for example {@code userName eq "bjensen"}. */
    record Compare(AttributePath path, CompareOperator op, FilterValue value) implements ScimFilter {
        /** Rejects {@code null} parts. */
        public Compare {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return FilterFormatter.format(this);
        }
    }

    /** {@code path pr}: the attribute has a non-empty value. */
    record Present(AttributePath path) implements ScimFilter {
        /** Rejects a {@code null} path. */
        public Present {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return FilterFormatter.format(this);
        }
    }

    /**
     * {@code attribute[filter]}: some value of the multi-valued complex {@code attribute} matches {@code filter}, whose
     * paths are relative to that value ({@code emails[type eq "work"]} compares {@code emails.type}).
     */
    record ValuePath(AttributePath attribute, ScimFilter filter) implements ScimFilter {
        /** Rejects {@code null} parts. */
        public ValuePath {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(filter, "filter");
        }

        @Override
        public String toString() {
            return FilterFormatter.format(this);
        }
    }
}
