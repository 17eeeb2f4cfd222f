package org.scimbridge.mapping.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A SCIM schema (RFC 7643 section 7): its URN, name and attribute definitions, looked up case-insensitively. */
public record ScimSchema(String id, String name, String description, List<AttributeDefinition> attributes) {

    public ScimSchema {
        attributes = List.copyOf(attributes);
    }

    /** Attribute names are case-insensitive (RFC 7643 section 2.1). */
    public Optional<AttributeDefinition> attribute(String attributeName) {
        String lower = attributeName.toLowerCase(Locale.ROOT);
        return attributes.stream().filter(a -> a.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    /** A copy holding only the given attributes; the Schemas endpoint advertises what the mapping supports. */
    public ScimSchema withAttributes(List<AttributeDefinition> kept) {
        return new ScimSchema(id, name, description, kept);
    }
}
