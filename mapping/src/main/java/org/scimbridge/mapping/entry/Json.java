package org.scimbridge.mapping.entry;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON helpers for SCIM documents, whose attribute names are case-insensitive (RFC 7643 section 2.1). */
public final class Json {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** The member of {@code object} named {@code name} in any case, if present and not JSON null. */
    public static Optional<JsonNode> field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact.isNull() ? Optional.empty() : Optional.of(exact);
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (member.getKey().equalsIgnoreCase(name)) {
                return member.getValue().isNull() ? Optional.empty() : Optional.of(member.getValue());
            }
        }
        return Optional.empty();
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }
}
