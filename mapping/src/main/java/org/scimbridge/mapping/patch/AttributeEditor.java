package org.scimbridge.mapping.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.patch.PatchOperation.Op;
import org.scimbridge.mapping.patch.PatchTarget.Attribute;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/**
 * Applies one operation to one resolved attribute of the resource tree (RFC 7644 sections 3.5.2.1 to 3.5.2.3).
 * Extension attributes live in the object named by the extension URN (RFC 7643 section 3.3), created on demand.
 */
final class AttributeEditor {

    private final ObjectNode resource;

    AttributeEditor(ObjectNode resource) {
        this.resource = resource;
    }

    /** Applies {@code op}, then drops what it left unassigned: an emptied array, object or extension. */
    void apply(Op op, Attribute target, JsonNode value) {
        switch (op) {
            case ADD -> add(target, value);
            case REPLACE -> replace(target, value);
            case REMOVE -> remove(target, value);
        }
        ObjectNode container = existingContainer(target);
        if (container != null) {
            JsonMembers.prune(container, target.definition().name());
            if (target.extension() != null) {
                JsonMembers.prune(resource, target.extension().id());
            }
        }
    }

    /**
     * Section 3.5.2.1: a multi-valued attribute gains the values, a complex one merges the sub-attributes, anything
     * else is set ("if the target location specifies a single-valued attribute, the existing value is replaced").
     */
    private void add(Attribute target, JsonNode value) {
        AttributeDefinition definition = target.definition();
        if (target.filter() != null) {
            MultiValuedEditor.add(JsonMembers.array(container(target), definition.name()), target, value);
        } else if (target.sub() != null) {
            setSubAttribute(target, value);
        } else if (definition.multiValued()) {
            ArrayNode incoming = ValueChecker.values(value, definition, target.label());
            MultiValuedEditor.append(JsonMembers.array(container(target), definition.name()), incoming, target.label());
        } else if (definition.type() == Type.COMPLEX) {
            merge(target, value);
        } else {
            JsonMembers.put(container(target), definition.name(), ValueChecker.one(value, definition, target.label()));
        }
    }

    /**
     * Section 3.5.2.3: a multi-valued attribute without filter is replaced as a whole (null or {@code []} clears it,
     * RFC 7643 section 2.5); a complex one has the given sub-attributes replaced and the others "left unchanged".
     */
    private void replace(Attribute target, JsonNode value) {
        AttributeDefinition definition = target.definition();
        if (target.filter() != null) {
            ArrayNode existing = existingArray(target);
            if (existing == null) {
                throw ScimException.noTarget("'" + target.changeKey() + "' has no values, so none matches '"
                        + target.label() + "'");
            }
            MultiValuedEditor.replace(existing, target, value);
        } else if (target.sub() != null) {
            setSubAttribute(target, value);
        } else if (definition.multiValued()) {
            if (JsonMembers.isUnassigned(value)) {
                JsonMembers.remove(container(target), definition.name());
                return;
            }
            ArrayNode values = ValueChecker.values(value, definition, target.label());
            PrimaryRule.apply(values, values.valueStream().toList(), target.label());
            JsonMembers.put(container(target), definition.name(), values);
        } else if (definition.type() == Type.COMPLEX) {
            merge(target, value);
        } else {
            JsonMembers.put(container(target), definition.name(), ValueChecker.one(value, definition, target.label()));
        }
    }

    /** Section 3.5.2.2; removing what is not there changes nothing. */
    private void remove(Attribute target, JsonNode value) {
        ObjectNode container = existingContainer(target);
        if (container == null) {
            return;
        }
        AttributeDefinition definition = target.definition();
        if (target.filter() != null) {
            ArrayNode existing = existingArray(target);
            if (existing != null) {
                MultiValuedEditor.remove(existing, target.filter(), target);
            }
        } else if (target.sub() != null) {
            if (JsonMembers.get(container, definition.name()) instanceof ObjectNode parent) {
                JsonMembers.remove(parent, target.sub().name());
            }
        } else if (definition.multiValued() && value != null && !value.isNull()) {
            ArrayNode existing = existingArray(target);
            PatchLeniency.removalFilter(value, definition).ifPresent(filter -> {
                if (existing != null) {
                    MultiValuedEditor.remove(existing, filter, target);
                }
            });
        } else {
            JsonMembers.remove(container, definition.name());
        }
    }

    private void setSubAttribute(Attribute target, JsonNode value) {
        JsonNode checked = ValueChecker.one(value, target.sub(), target.label());
        JsonMembers.put(JsonMembers.object(container(target), target.definition().name()), target.sub().name(), checked);
    }

    private void merge(Attribute target, JsonNode value) {
        JsonNode checked = ValueChecker.one(value, target.definition(), target.label());
        ObjectNode existing = JsonMembers.object(container(target), target.definition().name());
        checked.properties().forEach(member -> JsonMembers.put(existing, member.getKey(), member.getValue()));
    }

    private ObjectNode container(Attribute target) {
        return target.extension() == null ? resource : JsonMembers.object(resource, target.extension().id());
    }

    private ObjectNode existingContainer(Attribute target) {
        if (target.extension() == null) {
            return resource;
        }
        return JsonMembers.get(resource, target.extension().id()) instanceof ObjectNode extension ? extension : null;
    }

    private ArrayNode existingArray(Attribute target) {
        ObjectNode container = existingContainer(target);
        JsonNode existing = container == null ? null : JsonMembers.get(container, target.definition().name());
        return existing == null ? null : JsonMembers.array(container, target.definition().name());
    }
}
