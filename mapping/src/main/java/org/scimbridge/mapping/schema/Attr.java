package org.scimbridge.mapping.schema;

import java.util.ArrayList;
import java.util.List;

import org.scimbridge.mapping.schema.AttributeDefinition.Mutability;
import org.scimbridge.mapping.schema.AttributeDefinition.Returned;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.AttributeDefinition.Uniqueness;

/** Small builder that keeps the schema tables in {@link CoreSchemas} readable; defaults are those of RFC 7643 section 2.2. */
final class Attr {

    private final String name;
    private final Type type;
    private boolean multiValued;
    private boolean required;
    private boolean caseExact;
    private Mutability mutability = Mutability.READ_WRITE;
    private Returned returned = Returned.DEFAULT;
    private Uniqueness uniqueness = Uniqueness.NONE;
    private final List<AttributeDefinition> subAttributes = new ArrayList<>();
    private List<String> canonicalValues = List.of();
    private List<String> referenceTypes = List.of();
    private String description = "";

    private Attr(String name, Type type) {
        this.name = name;
        this.type = type;
    }

    static Attr string(String name) {
        return new Attr(name, Type.STRING);
    }

    static Attr bool(String name) {
        return new Attr(name, Type.BOOLEAN);
    }

    static Attr dateTime(String name) {
        return new Attr(name, Type.DATE_TIME);
    }

    static Attr reference(String name, String... referenceTypes) {
        Attr attr = new Attr(name, Type.REFERENCE);
        attr.referenceTypes = List.of(referenceTypes);
        return attr;
    }

    static Attr complex(String name, Attr... subAttributes) {
        Attr attr = new Attr(name, Type.COMPLEX);
        for (Attr sub : subAttributes) {
            attr.subAttributes.add(sub.build());
        }
        return attr;
    }

    Attr multiValued() {
        multiValued = true;
        return this;
    }

    Attr required() {
        required = true;
        return this;
    }

    Attr caseExact() {
        caseExact = true;
        return this;
    }

    Attr mutability(Mutability value) {
        mutability = value;
        return this;
    }

    Attr returned(Returned value) {
        returned = value;
        return this;
    }

    Attr uniqueness(Uniqueness value) {
        uniqueness = value;
        return this;
    }

    Attr canonical(String... values) {
        canonicalValues = List.of(values);
        return this;
    }

    Attr describe(String text) {
        description = text;
        return this;
    }

    AttributeDefinition build() {
        return new AttributeDefinition(name, type, multiValued, required, caseExact, mutability, returned, uniqueness,
                subAttributes, canonicalValues, referenceTypes, description);
    }
}
