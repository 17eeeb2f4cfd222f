package org.scimbridge.mapping.schema;

import java.util.List;
import java.util.Optional;

/**
 * One attribute of a SCIM schema with the characteristics of RFC 7643 section 2.2 and 7. Sub-attributes are only
 * present on complex attributes (section 2.3.8).
 */
public record AttributeDefinition(String name, Type type, boolean multiValued, boolean required, boolean caseExact,
                                  Mutability mutability, Returned returned, Uniqueness uniqueness,
                                  List<AttributeDefinition> subAttributes, List<String> canonicalValues,
                                  List<String> referenceTypes, String description) {

    /** RFC 7643 section 2.3 data types, with their JSON names. */
    public enum Type {
        STRING("string"), BOOLEAN("boolean"), DECIMAL("decimal"), INTEGER("integer"), DATE_TIME("dateTime"),
        BINARY("binary"), REFERENCE("reference"), COMPLEX("complex");

        private final String jsonName;

        Type(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** RFC 7643 section 7 "mutability". */
    public enum Mutability {
        READ_ONLY("readOnly"), READ_WRITE("readWrite"), IMMUTABLE("immutable"), WRITE_ONLY("writeOnly");

        private final String jsonName;

        Mutability(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** RFC 7643 section 7 "returned". */
    public enum Returned {
        ALWAYS("always"), NEVER("never"), DEFAULT("default"), REQUEST("request");

        private final String jsonName;

        Returned(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** RFC 7643 section 7 "uniqueness". */
    public enum Uniqueness {
        NONE("none"), SERVER("server"), GLOBAL("global");

        private final String jsonName;

        Uniqueness(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    public AttributeDefinition {
        subAttributes = List.copyOf(subAttributes);
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
    }

    /** Attribute names are case-insensitive (RFC 7643 section 2.1). */
    public Optional<AttributeDefinition> subAttribute(String subName) {
        for (AttributeDefinition sub : subAttributes) {
            if (sub.name.equalsIgnoreCase(subName)) {
                return Optional.of(sub);
            }
        }
        return Optional.empty();
    }

    /** A copy restricted to the given sub-attributes, in their original order; used to advertise only mapped parts. */
    public AttributeDefinition withSubAttributes(List<AttributeDefinition> kept) {
        return new AttributeDefinition(name, type, multiValued, required, caseExact, mutability, returned, uniqueness, kept,
                canonicalValues, referenceTypes, description);
    }

    public boolean isReadOnly() {
        return mutability == Mutability.READ_ONLY;
    }
}
