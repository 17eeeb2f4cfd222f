package org.scimbridge.mapping.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.filter.CompareOperator;
import org.scimbridge.mapping.filter.FilterValue;
import org.scimbridge.mapping.filter.FilterValue.BooleanValue;
import org.scimbridge.mapping.filter.FilterValue.NumberValue;
import org.scimbridge.mapping.filter.FilterValue.StringValue;
import org.scimbridge.mapping.filter.ScimFilter;
import org.scimbridge.mapping.filter.ScimFilter.And;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.filter.ScimFilter.Or;
import org.scimbridge.mapping.patch.PatchOperation.Op;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/**
 * Every PATCH form real identity providers send that the letter of RFC 7644 does not allow, accepted in this one place
 * (ARCHITECTURE.md section 2, step 2). Sources are the numbered items of {@code IDP-QUIRKS.md}. The RFC forms keep
 * working; each leniency only widens what is accepted and is applied only where the schema makes its reading certain.
 *
 * <p>Okta's path-less deactivation {@code {"op":"replace","value":{"active":false}}} (IDP-QUIRKS Okta 4, sentry#27199)
 * needs nothing here: it is the RFC's path-less replace (section 3.5.2.3), which {@link PatchApplier} implements.
 */
final class PatchLeniency {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PatchLeniency() {
    }

    /**
     * The op keyword in any case. Entra sends {@code "Add"}, {@code "Replace"}, {@code "Remove"} and Microsoft says
     * "don't require a case-sensitive match" (IDP-QUIRKS Entra 1, MS SCIM tutorial, langwatch#6972); OneLogin sends
     * lower-case {@code "add"}, which broke servers hard-coded to Entra's form (IDP-QUIRKS OneLogin 1,
     * AzureAD-BYOA-Provisioning-Samples#24).
     */
    static Optional<Op> op(String keyword) {
        for (Op op : Op.values()) {
            if (op.name().equalsIgnoreCase(keyword)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /**
     * Normalises one value sent for {@code definition}: the whole attribute, or with {@code element} one value of a
     * multi-valued attribute. Applies, only where the schema expects the type:
     * <ul>
     * <li>{@code "True"}/{@code "False"} strings become booleans: Entra sends {@code active} as a string unless the
     * tenant URL carries {@code aadOptscim062020} (IDP-QUIRKS Entra 2, MS compliance doc, scimmy#86);</li>
     * <li>a JSON object or array serialised into a string is parsed where a complex value is expected (IDP-QUIRKS
     * Entra 8, SCIM-SDK#516, scimgateway utils-scim.ts);</li>
     * <li>a bare string for a single-valued complex attribute with a {@code value} sub-attribute becomes
     * {@code {"value": ...}}: the enterprise {@code manager} sent as an id (IDP-QUIRKS Entra 7, SCIM-SDK#541).</li>
     * </ul>
     * Anything else is returned unchanged for {@link ValueChecker} to judge.
     */
    static JsonNode value(JsonNode value, AttributeDefinition definition, boolean element) {
        if (value == null || value.isNull()) {
            return value;
        }
        if (definition.multiValued() && !element) {
            JsonNode parsed = definition.type() == Type.COMPLEX ? parsedJson(value) : value;
            if (parsed.isObject() && value.isTextual()) {
                parsed = Json.NODES.arrayNode().add(parsed);
            }
            if (!parsed.isArray()) {
                return parsed;
            }
            ArrayNode out = Json.NODES.arrayNode();
            parsed.forEach(each -> out.add(value(each, definition, true)));
            return out;
        }
        return switch (definition.type()) {
            case BOOLEAN -> value.isTextual() ? textBoolean(value.textValue()).<JsonNode>map(Json.NODES::booleanNode)
                    .orElse(value) : value;
            case COMPLEX -> complex(parsedJson(value), definition);
            default -> value;
        };
    }

    /**
     * Expands the keys of a path-less add or replace value into the nested structure: Entra (in its
     * {@code aadOptscim062020} mode) sends {@code {"name.givenName": "...", "urn:...:enterprise:2.0:User:employeeNumber":
     * "..."}} (IDP-QUIRKS Entra 4, MS compliance doc, scim-for-keycloak#26, scimitar#123). Then each attribute's value
     * goes through {@link #value}. Keys of unknown attributes are kept for the applier to reject.
     */
    static ObjectNode pathless(ObjectNode value, ResourceSchemas schemas) {
        ObjectNode expanded = Json.object();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            String key = member.getKey();
            if (schemas.isExtensionUrn(key) && member.getValue().isObject()) {
                ObjectNode extension = JsonMembers.object(expanded, schemas.extension().id());
                member.getValue().properties().forEach(inner -> place(extension, inner.getKey(), inner.getValue()));
                continue;
            }
            int colon = key.lastIndexOf(':');
            String urn = colon < 0 ? null : key.substring(0, colon);
            if (urn == null || schemas.isCoreUrn(urn)) {
                place(expanded, key.substring(colon + 1), member.getValue());
            } else if (schemas.isExtensionUrn(urn)) {
                place(JsonMembers.object(expanded, schemas.extension().id()), key.substring(colon + 1), member.getValue());
            } else {
                expanded.set(key, member.getValue());
            }
        }
        ObjectNode normalised = Json.object();
        for (Map.Entry<String, JsonNode> member : expanded.properties()) {
            String key = member.getKey();
            if (schemas.isExtensionUrn(key)) {
                ObjectNode extension = normalised.putObject(key);
                member.getValue().properties().forEach(inner -> extension.set(inner.getKey(),
                        schemas.extensionAttribute(inner.getKey()).map(d -> value(inner.getValue(), d, false))
                                .orElse(inner.getValue())));
            } else {
                normalised.set(key, schemas.coreAttribute(key).map(d -> value(member.getValue(), d, false))
                        .orElse(member.getValue()));
            }
        }
        return normalised;
    }

    /**
     * The value to create when {@code add} names a value path no value matches: {@code add emails[type eq "work"].value}
     * with no work email creates {@code {"type": "work", "value": ...}} (IDP-QUIRKS Entra 5, SCIM-SDK#416, zitadel's
     * emails {@code type} fix). Only a filter made of {@code eq} comparisons joined by {@code and} describes a value;
     * for anything else the result is empty and the add fails with noTarget.
     */
    static Optional<ObjectNode> elementFor(ScimFilter filter, AttributeDefinition attribute) {
        if (attribute.type() != Type.COMPLEX) {
            return Optional.empty();
        }
        ObjectNode element = Json.object();
        return collect(filter, attribute, element) ? Optional.of(element) : Optional.empty();
    }

    /**
     * Whether a read-only {@code id} in a path-less replace is only an echo of the resource's own id: Okta's group rename
     * {@code {"op":"replace","value":{"id":"...","displayName":"..."}}} carries it with every membership update
     * (IDP-QUIRKS Okta 6, Okta SCIM 2.0 reference). A different id is still a mutability error.
     */
    static boolean isEchoedId(JsonNode value, JsonNode resource) {
        JsonNode id = Json.field(resource, "id").orElse(null);
        return value != null && value.isTextual() && id != null && id.isTextual() && id.textValue().equals(value.textValue());
    }

    /**
     * The values a {@code remove} with a {@code value} array selects. Entra removes group members with
     * {@code {"op":"Remove","path":"members","value":[{"value":"u1091"}]}}, where the spec-literal reading would remove
     * all members (IDP-QUIRKS Entra 3, MS compliance doc, azure-docs#30826, SCIM-SDK MsAzurePatchRemoveRebuilder);
     * the same form is accepted for every multi-valued attribute, matching on {@code value}. Empty when the array is.
     *
     * @throws ScimException 400 invalidValue when an entry has no {@code value} to match on
     */
    static Optional<ScimFilter> removalFilter(JsonNode values, AttributeDefinition attribute) {
        boolean complex = attribute.type() == Type.COMPLEX;
        if (complex && attribute.subAttribute("value").isEmpty()) {
            throw ScimException.invalidValue("the values of '" + attribute.name() + "' have no 'value' to match on;"
                    + " select them with a value filter path instead");
        }
        List<ScimFilter> each = new ArrayList<>();
        for (JsonNode entry : values.isArray() ? values : Json.NODES.arrayNode().add(values)) {
            JsonNode id = complex ? Json.field(entry, "value").orElse(null) : entry;
            if (id == null || !id.isValueNode()) {
                throw ScimException.invalidValue("a remove with a value lists the values to remove, such as"
                        + " [{\"value\": \"2819c223\"}]");
            }
            each.add(new Compare(new AttributePath(null, "value", null), CompareOperator.EQ, literal(id)));
        }
        return each.isEmpty() ? Optional.empty() : Optional.of(anyOf(each, 0, each.size()));
    }

    /** Whether a {@code remove} keeps its {@code value} as the values to remove (see {@link #removalFilter}). */
    static boolean removesByValue(PatchTarget target) {
        return target instanceof PatchTarget.Attribute a && a.whole() && a.definition().multiValued();
    }

    /**
     * Whether {@code replace} may carry {@code null} or {@code []}: Okta's "Push now" on an empty group sends
     * {@code {"op":"replace","path":"members","value":[]}} (IDP-QUIRKS Okta 8, SCIM-SDK#757); RFC 7643 section 2.5 makes
     * null and an empty array the same state, so both clear a multi-valued attribute.
     */
    static boolean mayClear(PatchTarget target) {
        return target instanceof PatchTarget.Attribute a && a.whole() && a.definition().multiValued();
    }

    /**
     * A boolean filter operand: {@code true}/{@code false}, or the strings {@code "True"}/{@code "False"} as in
     * {@code roles[primary eq "True"].display} (IDP-QUIRKS Entra 6, pingidentity/scim2#239).
     */
    static Optional<Boolean> filterBoolean(FilterValue value) {
        return switch (value) {
            case BooleanValue b -> Optional.of(b.value());
            case StringValue s -> textBoolean(s.value());
            default -> Optional.empty();
        };
    }

    private static Optional<Boolean> textBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Optional.of(true);
        }
        return text.equalsIgnoreCase("false") ? Optional.of(false) : Optional.empty();
    }

    private static JsonNode complex(JsonNode value, AttributeDefinition definition) {
        if (value.isTextual() && !definition.multiValued() && definition.subAttribute("value").isPresent()) {
            return Json.object().put("value", value.textValue());
        }
        if (!value.isObject()) {
            return value;
        }
        ObjectNode out = Json.object();
        value.properties().forEach(member -> out.set(member.getKey(), definition.subAttribute(member.getKey())
                .map(sub -> value(member.getValue(), sub, false)).orElse(member.getValue())));
        return out;
    }

    /** A string holding a JSON object or array, parsed; anything else unchanged. */
    private static JsonNode parsedJson(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.textValue().strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return value;
        }
        try {
            JsonNode parsed = MAPPER.readTree(text);
            return parsed != null && parsed.isContainerNode() ? parsed : value;
        } catch (JsonProcessingException e) {
            return value;
        }
    }

    /** Puts a path-less member into {@code container}, splitting {@code name.sub} into {@code {"name": {"sub": ...}}}. */
    private static void place(ObjectNode container, String name, JsonNode value) {
        int dot = name.indexOf('.');
        JsonNode existing = JsonMembers.get(container, dot < 0 ? name : name.substring(0, dot));
        if (dot < 0) {
            if (existing instanceof ObjectNode target && value.isObject()) {
                value.properties().forEach(member -> target.set(member.getKey(), member.getValue().deepCopy()));
            } else {
                container.set(name, value.deepCopy());
            }
        } else if (existing == null || existing instanceof ObjectNode) {
            JsonMembers.object(container, name.substring(0, dot)).set(name.substring(dot + 1), value.deepCopy());
        } else {
            container.set(name, value.deepCopy());
        }
    }

    private static boolean collect(ScimFilter filter, AttributeDefinition attribute, ObjectNode element) {
        if (filter instanceof And and) {
            return collect(and.left(), attribute, element) && collect(and.right(), attribute, element);
        }
        if (!(filter instanceof Compare compare) || compare.op() != CompareOperator.EQ) {
            return false;
        }
        AttributeDefinition member = ValueFilterMatcher.member(compare.path(), attribute);
        JsonNode literal = switch (compare.value()) {
            case StringValue s when member.type() == Type.BOOLEAN ->
                    textBoolean(s.value()).<JsonNode>map(Json.NODES::booleanNode).orElse(null);
            case StringValue s -> Json.NODES.textNode(s.value());
            case BooleanValue b -> Json.NODES.booleanNode(b.value());
            case NumberValue n -> Json.NODES.numberNode(n.value());
            case FilterValue.NullValue n -> null;
        };
        JsonNode existing = element.get(member.name());
        if (literal == null || (existing != null && !existing.equals(literal))) {
            return false;
        }
        element.set(member.name(), literal);
        return true;
    }

    private static FilterValue literal(JsonNode id) {
        if (id.isNumber()) {
            return new NumberValue(id.decimalValue());
        }
        return id.isBoolean() ? new BooleanValue(id.booleanValue()) : new StringValue(id.asText(), true);
    }

    /** A balanced {@code or} tree, so that removing a thousand members does not nest a thousand levels deep. */
    private static ScimFilter anyOf(List<ScimFilter> filters, int from, int to) {
        if (to - from == 1) {
            return filters.get(from);
        }
        int middle = (from + to) >>> 1;
        return new Or(anyOf(filters, from, middle), anyOf(filters, middle, to));
    }
}
