package org.scimbridge.mapping.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.filter.FilterParser;
import org.scimbridge.mapping.filter.PatchPath;
import org.scimbridge.mapping.patch.PatchOperation.Op;
import org.scimbridge.mapping.patch.PatchTarget.Attribute;
import org.scimbridge.mapping.patch.PatchTarget.Extension;
import org.scimbridge.mapping.schema.CoreSchemas;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * Parses the body of a PATCH request (RFC 7644 section 3.5.2) into operations, normalising the forms identity providers
 * send through {@link PatchLeniency}. Member names are matched case-insensitively ({@code operations}, {@code Op}).
 */
public final class PatchRequest {

    private PatchRequest() {
    }

    /**
     * Parses and normalises {@code body}.
     *
     * @param core      the resource type's core schema, such as {@code CoreSchemas.GROUP}
     * @param extension its extension schema, or {@code null}
     * @return the operations in request order, never empty
     * @throws ScimException 400 invalidSyntax for a body that is not a PatchOp message or an unknown op; invalidValue
     *                       for a missing value or {@code schemas} without the PatchOp URN; invalidPath for a malformed or
     *                       unknown path; noTarget for a remove without path. Details name the operation.
     */
    public static List<PatchOperation> parse(JsonNode body, ScimSchema core, ScimSchema extension) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("a PATCH body is a JSON object with \"schemas\" and \"Operations\"");
        }
        checkSchemas(body);
        JsonNode operations = Json.field(body, "Operations").orElseThrow(() -> ScimException.invalidSyntax(
                "the PATCH body has no \"Operations\" (RFC 7644 section 3.5.2)"));
        if (!operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("\"Operations\" must be an array of at least one operation");
        }
        ResourceSchemas schemas = new ResourceSchemas(core, extension);
        List<PatchOperation> parsed = new ArrayList<>();
        for (int index = 0; index < operations.size(); index++) {
            try {
                parsed.addAll(valuePathKeysSplit(operations.get(index), index, schemas));
            } catch (ScimException e) {
                throw PatchOperation.located(index, e);
            }
        }
        return List.copyOf(parsed);
    }

    /** Section 3.5.2: the body's "schemas" is the PatchOp URN; a body without "schemas" is accepted. */
    private static void checkSchemas(JsonNode body) {
        Optional<JsonNode> schemas = Json.field(body, "schemas");
        if (schemas.isEmpty()) {
            return;
        }
        for (JsonNode urn : schemas.get()) {
            if (urn.isTextual() && urn.textValue().equalsIgnoreCase(CoreSchemas.PATCH_OP_URN)) {
                return;
            }
        }
        throw ScimException.invalidValue("\"schemas\" must contain " + CoreSchemas.PATCH_OP_URN);
    }

    /**
     * A path-less add or replace whose value has value-path keys, as Entra sends in its {@code aadOptscim062020} mode
     * ({@code {"op":"replace","value":{"emails[type eq \"work\"].value":"..."}}}, MS compliance doc, "Flags to alter
     * the SCIM behavior"), becomes one operation with a path per such key, after the rest: a value filter has no place in
     * the nested structure the other keys are expanded into (IDP-QUIRKS Entra 4).
     */
    private static List<PatchOperation> valuePathKeysSplit(JsonNode json, int index, ResourceSchemas schemas) {
        Optional<JsonNode> op = json.isObject() ? Json.field(json, "op") : Optional.empty();
        JsonNode value = json.isObject() ? Json.field(json, "value").orElse(null) : null;
        if (op.isEmpty() || Json.field(json, "path").isPresent() || !(value instanceof ObjectNode members)) {
            return List.of(operation(json, index, schemas));
        }
        ObjectNode rest = Json.object();
        List<ObjectNode> withPath = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : members.properties()) {
            if (member.getKey().indexOf('[') < 0) {
                rest.set(member.getKey(), member.getValue());
            } else {
                withPath.add(single(op.get(), member.getKey(), member.getValue()));
            }
        }
        if (withPath.isEmpty()) {
            return List.of(operation(json, index, schemas));
        }
        List<PatchOperation> split = new ArrayList<>();
        if (!rest.isEmpty()) {
            ObjectNode pathless = Json.object();
            pathless.set("op", op.get());
            pathless.set("value", rest);
            split.add(operation(pathless, index, schemas));
        }
        withPath.forEach(single -> split.add(operation(single, index, schemas)));
        return split;
    }

    private static ObjectNode single(JsonNode op, String path, JsonNode value) {
        ObjectNode single = Json.object();
        single.set("op", op);
        single.put("path", path);
        single.set("value", value);
        return single;
    }

    private static PatchOperation operation(JsonNode json, int index, ResourceSchemas schemas) {
        if (!json.isObject()) {
            throw ScimException.invalidSyntax("an operation is a JSON object with \"op\", \"path\" and \"value\"");
        }
        JsonNode keyword = Json.field(json, "op").orElseThrow(() -> ScimException.invalidSyntax("\"op\" is missing"));
        Op op = PatchLeniency.op(keyword.asText()).filter(o -> keyword.isTextual()).orElseThrow(() ->
                ScimException.invalidSyntax("unknown op " + keyword + "; expected \"add\", \"replace\" or \"remove\""));
        JsonNode pathText = Json.field(json, "path").orElse(null);
        if (pathText != null && !pathText.isTextual()) {
            throw ScimException.invalidPath("\"path\" must be a string, not " + pathText);
        }
        JsonNode value = Json.field(json, "value").orElse(null);
        if (pathText == null) {
            if (op == Op.REMOVE) {
                throw ScimException.noTarget("remove needs a \"path\" (RFC 7644 section 3.5.2.2)");
            }
            if (value == null || !value.isObject()) {
                throw ScimException.invalidValue(op.keyword() + " without a path needs an object \"value\" whose members"
                        + " are the attributes to " + op.keyword());
            }
            return new PatchOperation(op, Optional.empty(), PatchLeniency.pathless((ObjectNode) value, schemas), index);
        }
        PatchPath path = FilterParser.parsePatchPath(pathText.textValue());
        PatchTarget target = PatchTarget.resolve(path, schemas);
        if (op == Op.REMOVE) {
            // Section 3.5.2.2 gives remove no value; one is kept only for the Entra form that selects values to remove.
            JsonNode kept = PatchLeniency.removesByValue(target) ? normalised(value, target, schemas) : null;
            return new PatchOperation(op, Optional.of(path), kept, index);
        }
        // A missing "value" is always an error; an explicit null or [] may clear a multi-valued attribute.
        boolean sent = JsonMembers.has(json, "value");
        if (!sent || (value == null && !(op == Op.REPLACE && PatchLeniency.mayClear(target)))) {
            throw ScimException.invalidValue(op.keyword() + " needs a \"value\" (RFC 7644 section 3.5.2."
                    + (op == Op.ADD ? "1" : "3") + ")");
        }
        return new PatchOperation(op, Optional.of(path), normalised(value, target, schemas), index);
    }

    private static JsonNode normalised(JsonNode value, PatchTarget target, ResourceSchemas schemas) {
        if (value == null) {
            return null;
        }
        return switch (target) {
            case Extension extension -> {
                if (!value.isObject()) {
                    yield value;
                }
                ObjectNode wrapped = Json.object().set(extension.schema().id(), value);
                yield PatchLeniency.pathless(wrapped, schemas).get(extension.schema().id());
            }
            case Attribute attribute when attribute.sub() != null -> PatchLeniency.value(value, attribute.sub(), false);
            case Attribute attribute -> PatchLeniency.value(value, attribute.definition(), attribute.filter() != null);
        };
    }
}
