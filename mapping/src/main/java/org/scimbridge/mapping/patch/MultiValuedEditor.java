package org.scimbridge.mapping.patch;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.filter.ScimFilter;
import org.scimbridge.mapping.patch.PatchTarget.Attribute;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/** The edits of RFC 7644 section 3.5.2 on the values of one multi-valued attribute, in place on its array. */
final class MultiValuedEditor {

    private MultiValuedEditor() {
    }

    /**
     * Section 3.5.2.1: "a new value is added to the attribute"; a value equal (as JSON) to one already present is not
     * added again.
     */
    static void append(ArrayNode array, ArrayNode incoming, String label) {
        List<JsonNode> written = new ArrayList<>();
        for (JsonNode value : incoming) {
            if (!contains(array, value)) {
                array.add(value);
                written.add(value);
            }
        }
        PrimaryRule.apply(array, written, label);
    }

    /**
     * Section 3.5.2.1 with a value path: the value (or its sub-attribute) is merged into every matching value. When none
     * matches, the value the filter describes is created ({@link PatchLeniency#elementFor}).
     *
     * @throws ScimException 400 noTarget when nothing matches and the filter describes no value
     */
    static void add(ArrayNode array, Attribute target, JsonNode value) {
        List<ObjectNode> written = new ArrayList<>();
        for (int index : matching(array, target.filter(), target.definition())) {
            written.add(write((ObjectNode) array.get(index), target, value));
        }
        if (written.isEmpty()) {
            ObjectNode created = PatchLeniency.elementFor(target.filter(), target.definition())
                    .orElseThrow(() -> ScimException.noTarget("no value matches '" + target.label() + "' and its filter"
                            + " does not describe a new one (only 'eq' comparisons joined by 'and' do)"));
            array.add(write(created, target, value));
            written.add(created);
        }
        PrimaryRule.apply(array, written, target.changeKey());
    }

    /**
     * Section 3.5.2.3: "all matching record values SHALL be replaced", or with a sub-attribute "the matching
     * sub-attribute of all matching records is replaced".
     *
     * @throws ScimException 400 noTarget when no value matches, as the section requires
     */
    static void replace(ArrayNode array, Attribute target, JsonNode value) {
        List<Integer> matched = matching(array, target.filter(), target.definition());
        if (matched.isEmpty()) {
            throw ScimException.noTarget("no value matches '" + target.label() + "'");
        }
        List<ObjectNode> written = new ArrayList<>();
        for (int index : matched) {
            if (target.sub() != null) {
                written.add(write((ObjectNode) array.get(index), target, value));
            } else {
                ObjectNode replacement = (ObjectNode) ValueChecker.one(value, target.definition(), target.label());
                array.set(index, replacement);
                written.add(replacement);
            }
        }
        PrimaryRule.apply(array, written, target.changeKey());
    }

    /**
     * Section 3.5.2.2: "the matching records are removed", or only their sub-attribute; a value left empty goes too.
     * A filter that matches nothing removes nothing: the state the client asked for already holds.
     */
    static void remove(ArrayNode array, ScimFilter filter, Attribute target) {
        List<Integer> matched = matching(array, filter, target.definition());
        for (int i = matched.size() - 1; i >= 0; i--) {
            int index = matched.get(i);
            if (target.sub() != null) {
                ObjectNode element = (ObjectNode) array.get(index);
                JsonMembers.remove(element, target.sub().name());
                if (!element.isEmpty()) {
                    continue;
                }
            }
            array.remove(index);
        }
    }

    /** The sub-attribute or the merged members of {@code value}, written into {@code element}. */
    private static ObjectNode write(ObjectNode element, Attribute target, JsonNode value) {
        if (target.sub() != null) {
            JsonMembers.put(element, target.sub().name(), ValueChecker.one(value, target.sub(), target.label()));
        } else {
            ValueChecker.one(value, target.definition(), target.label()).properties()
                    .forEach(member -> JsonMembers.put(element, member.getKey(), member.getValue()));
        }
        return element;
    }

    private static List<Integer> matching(ArrayNode array, ScimFilter filter, AttributeDefinition attribute) {
        List<Integer> matched = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            boolean comparable = attribute.type() != Type.COMPLEX || element.isObject();
            if (comparable && ValueFilterMatcher.matches(filter, element, attribute)) {
                matched.add(i);
            }
        }
        return matched;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode existing : array) {
            if (existing.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
