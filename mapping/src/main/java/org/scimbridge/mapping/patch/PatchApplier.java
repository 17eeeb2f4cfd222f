package org.scimbridge.mapping.patch;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.filter.PatchPath;
import org.scimbridge.mapping.patch.PatchOperation.Op;
import org.scimbridge.mapping.patch.PatchTarget.Attribute;
import org.scimbridge.mapping.patch.PatchTarget.Extension;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * Applies PATCH operations (RFC 7644 section 3.5.2) to a SCIM resource as a JSON tree. Pure: no I/O, and the input is
 * never modified. "Each operation against an attribute MUST be compatible with the attribute's mutability and
 * schema"; the operations apply in order and all-or-nothing (section 3.5.2: "if any [...] fails, the entire request
 * SHALL fail"), so the first failing one throws and no partial result escapes.
 */
public final class PatchApplier {

    private final ResourceSchemas schemas;
    private final ObjectNode resource;
    private final AttributeEditor editor;
    private final ChangeLog changes = new ChangeLog();

    private PatchApplier(ObjectNode resource, ResourceSchemas schemas) {
        this.schemas = schemas;
        this.resource = resource;
        this.editor = new AttributeEditor(resource);
    }

    /**
     * Applies {@code operations} to a copy of {@code resource}.
     *
     * @param core      the resource type's core schema, such as {@code CoreSchemas.USER}
     * @param extension its extension schema, or {@code null}
     * @return the patched copy and the names of the attributes that changed
     * @throws ScimException 400 with the RFC 7644 table 9 {@code scimType} (invalidPath, noTarget, mutability,
     *                       invalidValue); the detail starts with {@code operation N (Operations[N])}
     */
    public static PatchResult apply(ObjectNode resource, List<PatchOperation> operations, ScimSchema core,
                                    ScimSchema extension) {
        PatchApplier applier = new PatchApplier(resource.deepCopy(), new ResourceSchemas(core, extension));
        for (PatchOperation operation : operations) {
            try {
                applier.apply(operation);
            } catch (ScimException e) {
                throw PatchOperation.located(operation.index(), e);
            }
        }
        applier.listExtension();
        return new PatchResult(applier.resource, applier.changes.changed(resource, applier.resource));
    }

    private void apply(PatchOperation operation) {
        Op op = operation.op();
        JsonNode value = operation.value();
        if (operation.path().isEmpty()) {
            // Sections 3.5.2.1 and 3.5.2.3: without a path the target is the resource and the value lists attributes.
            if (op == Op.REMOVE) {
                throw ScimException.noTarget("remove needs a path (RFC 7644 section 3.5.2.2)");
            }
            members(value, op.keyword() + " without a path", op)
                    .forEach(member -> member(op, member.getKey(), member.getValue()));
            return;
        }
        switch (PatchTarget.resolve(operation.path().get(), schemas)) {
            case Extension extension -> extension(op, extension.schema(), value);
            case Attribute attribute -> attribute(op, attribute, value);
        }
    }

    /** One member of a path-less value: an attribute name, possibly dotted or URN-qualified, or the extension URN. */
    private void member(Op op, String key, JsonNode value) {
        if (schemas.isExtensionUrn(key)) {
            extension(op, schemas.extension(), value);
            return;
        }
        PatchTarget target = PatchTarget.resolve(new PatchPath(AttributePath.parse(key), null, null), schemas);
        if (target instanceof Extension extension) {
            extension(op, extension.schema(), value);
        } else if (target instanceof Attribute attribute
                && !(attribute.definition() == ResourceSchemas.ID && PatchLeniency.isEchoedId(value, resource))) {
            attribute(op, attribute, value);
        }
    }

    /** The whole extension object (RFC 7643 section 3.3): its attributes one by one, or all of them for remove. */
    private void extension(Op op, ScimSchema extension, JsonNode value) {
        if (op == Op.REMOVE) {
            for (AttributeDefinition definition : extension.attributes()) {
                attribute(op, new Attribute(extension, definition, null, null), null);
            }
            return;
        }
        members(value, op.keyword() + " of " + extension.id(), op).forEach(member -> {
            AttributePath path = AttributePath.parse(extension.id() + ":" + member.getKey());
            if (PatchTarget.resolve(new PatchPath(path, null, null), schemas) instanceof Attribute attribute) {
                attribute(op, attribute, member.getValue());
            }
        });
    }

    private void attribute(Op op, Attribute target, JsonNode value) {
        target.checkWritable(op);
        changes.touch(target);
        editor.apply(op, target, value);
    }

    /** RFC 7643 section 3: "schemas" lists the extension exactly when the resource has extension attributes. */
    private void listExtension() {
        if (!changes.touchedExtension() || !(JsonMembers.get(resource, "schemas") instanceof ArrayNode listed)) {
            return;
        }
        String urn = schemas.extension().id();
        boolean present = JsonMembers.get(resource, urn) != null;
        boolean wasListed = false;
        for (int i = listed.size() - 1; i >= 0; i--) {
            if (listed.get(i).asText().equalsIgnoreCase(urn)) {
                wasListed = true;
                if (!present) {
                    listed.remove(i);
                }
            }
        }
        if (present && !wasListed) {
            listed.add(urn);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> members(JsonNode value, String what, Op op) {
        if (value == null || !value.isObject()) {
            throw ScimException.invalidValue(what + " needs an object value whose members are the attributes to "
                    + op.keyword());
        }
        return value.properties();
    }
}
