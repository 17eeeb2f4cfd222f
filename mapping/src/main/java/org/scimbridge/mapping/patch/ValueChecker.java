package org.scimbridge.mapping.patch;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.schema.AttributeDefinition;

/**
 * Checks a PATCH value against its attribute definition (RFC 7643 section 2.3 data types) and returns a fresh copy with
 * the schema's canonical member names, so nothing of the request tree ends up shared with the result.
 */
final class ValueChecker {

    private ValueChecker() {
    }

    /**
     * All values of a multi-valued attribute: a JSON array whose elements each pass {@link #one}.
     *
     * @throws ScimException 400 invalidValue for a missing value, a non-array or a bad element; invalidPath for an
     *                       unknown sub-attribute
     */
    static ArrayNode values(JsonNode value, AttributeDefinition definition, String label) {
        if (value == null || value.isNull()) {
            throw ScimException.invalidValue("'" + label + "' needs a value");
        }
        if (!value.isArray()) {
            throw ScimException.invalidValue("'" + label + "' is multi-valued; expected an array of values, not " + kind(value));
        }
        ArrayNode out = Json.NODES.arrayNode();
        value.forEach(element -> out.add(one(element, definition, label)));
        return out;
    }

    /**
     * One value: of a single-valued attribute, of a sub-attribute, or one element of a multi-valued attribute.
     *
     * @throws ScimException 400 invalidValue when the JSON type does not fit; invalidPath for an unknown sub-attribute
     */
    static JsonNode one(JsonNode value, AttributeDefinition definition, String label) {
        if (value == null || value.isNull()) {
            throw ScimException.invalidValue("'" + label + "' needs a value");
        }
        boolean fits = switch (definition.type()) {
            case COMPLEX -> value.isObject();
            case BOOLEAN -> value.isBoolean();
            case INTEGER -> value.isIntegralNumber();
            case DECIMAL -> value.isNumber();
            case DATE_TIME -> value.isTextual() && isDateTime(value.textValue());
            case STRING, REFERENCE, BINARY -> value.isTextual();
        };
        if (!fits) {
            throw ScimException.invalidValue("'" + label + "' is " + article(definition.type().jsonName()) + ", not "
                    + kind(value));
        }
        return value.isObject() ? complex(value, definition, label) : value.deepCopy();
    }

    private static ObjectNode complex(JsonNode value, AttributeDefinition definition, String label) {
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            AttributeDefinition sub = definition.subAttribute(member.getKey()).orElseThrow(() -> ScimException.invalidPath(
                    "'" + label + "' has no sub-attribute '" + member.getKey() + "'"));
            if (member.getValue().isNull()) {
                continue;
            }
            String subLabel = label + "." + sub.name();
            out.set(sub.name(), sub.multiValued()
                    ? values(member.getValue(), sub, subLabel)
                    : one(member.getValue(), sub, subLabel));
        }
        return out;
    }

    /** RFC 7643 section 2.3.5: xsd:dateTime, such as {@code 2026-01-31T12:00:00Z}. */
    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String article(String type) {
        return type.equals("integer") ? "an integer" : "a " + type;
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BINARY -> "binary data";
            case NULL, MISSING -> "null";
        };
    }
}
