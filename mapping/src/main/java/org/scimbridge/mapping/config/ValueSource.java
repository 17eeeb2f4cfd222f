package org.scimbridge.mapping.config;

import java.util.List;
import java.util.function.Function;

/**
 * Where a value for a required LDAP attribute may come from when the request leaves it empty: one SCIM attribute, or a
 * template such as {@code "{name.givenName} {name.familyName}"} that yields a value only when every part has one.
 */
public sealed interface ValueSource {

    /** The value, given a way to read one SCIM attribute of the request; empty when this source has nothing. */
    String resolve(Function<ScimTarget, String> reader);

    /** A single SCIM attribute. */
    record Path(ScimTarget target) implements ValueSource {
        @Override
        public String resolve(Function<ScimTarget, String> reader) {
            String value = reader.apply(target);
            return value == null ? "" : value;
        }

        @Override
        public String toString() {
            return target.toString();
        }
    }

    /** Literal text with {@code {path}} placeholders, in order. */
    record Template(String text, List<String> literals, List<ScimTarget> parts) implements ValueSource {
        public Template {
            literals = List.copyOf(literals);
            parts = List.copyOf(parts);
        }

        @Override
        public String resolve(Function<ScimTarget, String> reader) {
            StringBuilder value = new StringBuilder(literals.getFirst());
            for (int i = 0; i < parts.size(); i++) {
                String part = reader.apply(parts.get(i));
                if (part == null || part.isEmpty()) {
                    return "";
                }
                value.append(part).append(literals.get(i + 1));
            }
            return value.toString().strip();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
