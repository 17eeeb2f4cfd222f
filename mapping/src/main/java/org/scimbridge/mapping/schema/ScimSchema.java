package org.scimbridge.mapping.schema;

import java.util.List;
import java.util.Optional;

/** A SCIM schema (RFC 7643 section 7): its URN, name and attribute definitions, looked up case-insensitively. */
public record ScimSchema(String id, String name, String description, List<AttributeDefinition> attributes) {

    public ScimSchema {
        attributes = List.copyOf(attributes);
    }

    /** Attribute names are case-insensitive (RFC 7643 section 2.1). */
    public Optional<AttributeDefinition> attribute(String attributeName) {
        // A loop, not a stream of lower-cased copies: every request body and PATCH path looks names up here.
        for (AttributeDefinition attribute : attributes) {
            if (attribute.name().equalsIgnoreCase(attributeName)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    /** A copy holding only the given attributes; the Schemas endpoint advertises what the mapping supports. */
    public ScimSchema withAttributes(List<AttributeDefinition> kept) {
        return new ScimSchema(id, name, description, kept);
    }
}
