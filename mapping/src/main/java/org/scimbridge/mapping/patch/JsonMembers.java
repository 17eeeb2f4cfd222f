package org.scimbridge.mapping.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Case-insensitive member access on JSON objects (RFC 7643 section 2.1: attribute names are case-insensitive). Writes
 * use the schema's canonical name and drop members that differ from it only in case, so output is canonical.
 */
final class JsonMembers {

    private JsonMembers() {
    }

    /** The member named {@code name} in any case, or {@code null} when absent or JSON null. */
    static JsonNode get(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (member.getKey().equalsIgnoreCase(name) && !member.getValue().isNull()) {
                return member.getValue();
            }
        }
        return null;
    }

    /** Whether {@code object} has a member named {@code name} in any case, even one that is JSON null. */
    static boolean has(JsonNode object, String name) {
        return object.isObject() && !keys((ObjectNode) object, name).isEmpty();
    }

    /** Sets {@code canonicalName}, replacing a member of the same name in any case and keeping its position if exact. */
    static void put(ObjectNode object, String canonicalName, JsonNode value) {
        for (String key : keys(object, canonicalName)) {
            if (!key.equals(canonicalName)) {
                object.remove(key);
            }
        }
        object.set(canonicalName, value);
    }

    /** Removes the member named {@code name} in any case; returns whether there was one. */
    static boolean remove(ObjectNode object, String name) {
        List<String> keys = keys(object, name);
        keys.forEach(object::remove);
        return !keys.isEmpty();
    }

    /** The object member {@code canonicalName}, created (or re-keyed to the canonical name) when needed. */
    static ObjectNode object(ObjectNode parent, String canonicalName) {
        if (get(parent, canonicalName) instanceof ObjectNode existing) {
            put(parent, canonicalName, existing);
            return existing;
        }
        ObjectNode created = parent.objectNode();
        put(parent, canonicalName, created);
        return created;
    }

    /** The array member {@code canonicalName}, created when absent; a lone value is wrapped into an array. */
    static ArrayNode array(ObjectNode parent, String canonicalName) {
        JsonNode existing = get(parent, canonicalName);
        ArrayNode array;
        if (existing instanceof ArrayNode found) {
            array = found;
        } else {
            array = parent.arrayNode();
            if (existing != null) {
                array.add(existing);
            }
        }
        put(parent, canonicalName, array);
        return array;
    }

    /** RFC 7643 section 2.5: null, an empty array and (by extension) an empty object all mean "unassigned". */
    static boolean isUnassigned(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || (value.isContainerNode() && value.isEmpty());
    }

    /** Removes the member {@code name} when it is unassigned, so that removing the last value removes the attribute. */
    static void prune(ObjectNode object, String name) {
        if (isUnassigned(get(object, name))) {
            remove(object, name);
        }
    }

    private static List<String> keys(ObjectNode object, String name) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(key -> {
            if (key.equalsIgnoreCase(name)) {
                keys.add(key);
            }
        });
        return keys;
    }
}
