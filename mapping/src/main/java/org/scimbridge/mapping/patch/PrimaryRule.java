package org.scimbridge.mapping.patch;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;

/**
 * RFC 7643 section 2.4: "The primary attribute value 'true' MUST appear no more than once." When an operation writes a
 * value with {@code primary: true}, the others lose it; an operation that itself writes two primaries is refused.
 */
final class PrimaryRule {

    private PrimaryRule() {
    }

    /**
     * @param array   the multi-valued attribute after the operation
     * @param written the elements the operation added or changed, by identity
     * @throws ScimException 400 invalidValue when {@code written} holds more than one primary value
     */
    static void apply(ArrayNode array, List<? extends JsonNode> written, String label) {
        List<? extends JsonNode> primaries = written.stream().filter(PrimaryRule::isPrimary).toList();
        if (primaries.size() > 1) {
            throw ScimException.invalidValue("more than one value of '" + label + "' is primary; RFC 7643 section 2.4 allows"
                    + " at most one");
        }
        if (primaries.isEmpty()) {
            return;
        }
        for (JsonNode element : array) {
            if (element != primaries.get(0) && isPrimary(element)) {
                JsonMembers.put((ObjectNode) element, "primary", BooleanNode.FALSE);
            }
        }
    }

    private static boolean isPrimary(JsonNode element) {
        JsonNode primary = JsonMembers.get(element, "primary");
        return primary != null && primary.isBoolean() && primary.booleanValue();
    }
}
