package org.scimbridge.mapping.entry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.config.ValueSource;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * Extracts, from a validated SCIM resource body, the values of every mapped LDAP attribute. An attribute that the body
 * leaves empty maps to no values, which is what replace semantics (RFC 7644 section 3.5.1) need.
 */
final class ResourceReader {

    private final ResourceMapping mapping;
    private final String coreUrn;

    ResourceReader(ResourceMapping mapping) {
        this.mapping = mapping;
        this.coreUrn = mapping.resourceType().equals("User") ? CoreSchemas.USER_URN : CoreSchemas.GROUP_URN;
    }

    /** LDAP attribute name to its values, for every rule (empty lists included), plus the required fallbacks. */
    Map<String, List<String>> read(JsonNode body, ReferenceResolver resolver) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (AttributeRule rule : mapping.rules()) {
            if (rule.target().attribute().equals("active") && Json.field(body, "active").isEmpty()) {
                // Okta custom apps PUT users without "active" (IDP-QUIRKS Okta 3): absence means "unchanged", never
                // "inactive", or every profile update would suspend the user.
                continue;
            }
            List<String> ruleValues = new ArrayList<>();
            for (String value : extract(body, rule.target())) {
                if (rule.kind() == Kind.USER_REFERENCE) {
                    value = resolveUser(value, resolver);
                } else if (rule.definition().type() == Type.BOOLEAN) {
                    value = value.toUpperCase(Locale.ROOT); // Entra's "True"/"False" strings, LDAP's TRUE/FALSE
                }
                ruleValues.add(value);
            }
            values.put(rule.ldapAttribute(), distinctIgnoringCase(ruleValues));
        }
        for (Map.Entry<String, List<ValueSource>> required : mapping.required().entrySet()) {
            String ldapAttribute = required.getKey();
            List<String> present = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(ldapAttribute))
                    .findFirst().map(Map.Entry::getValue).orElse(List.of());
            if (!present.isEmpty()) {
                continue;
            }
            Optional<String> fallback = required.getValue().stream()
                    .map(source -> source.resolve(target -> extract(body, target).stream().findFirst().orElse("")))
                    .filter(value -> !value.isEmpty()).findFirst();
            values.put(ldapAttribute, List.of(fallback.orElseThrow(() -> ScimException.invalidValue("the directory requires '"
                    + ldapAttribute + "' for " + mapping.resourceType() + " entries; provide one of "
                    + required.getValue().stream().map(ValueSource::toString).toList()))));
        }
        return values;
    }

    /** The values {@code target} selects in {@code body}, as strings, without empty ones. */
    List<String> extract(JsonNode body, ScimTarget target) {
        JsonNode container = target.schemaUrn().equals(coreUrn) ? body : Json.field(body, target.schemaUrn()).orElse(null);
        Optional<JsonNode> attribute = Json.field(container, target.attribute());
        if (attribute.isEmpty()) {
            return List.of();
        }
        JsonNode node = attribute.get();
        if (target.isMultiValuedElement()) {
            return elementValues(node, target);
        }
        if (target.subAttribute() != null) {
            if (node.isTextual() && target.subAttribute().equals("value")) {
                return text(node); // Entra's bare-string manager (SCIM-SDK#541)
            }
            return Json.field(node, target.subAttribute()).map(ResourceReader::text).orElse(List.of());
        }
        return text(node);
    }

    private List<String> elementValues(JsonNode node, ScimTarget target) {
        List<JsonNode> elements = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(elements::add);
        } else if (node.isObject()) {
            elements.add(node);
        }
        // The primary element first: LDAP keeps insertion order in practice, and readers take the first value as primary.
        elements.sort(Comparator.comparing((JsonNode e) -> !isPrimary(e)));
        String defaultType = defaultType(target.attribute());
        List<String> values = new ArrayList<>();
        for (JsonNode element : elements) {
            String type = Json.field(element, "type").map(JsonNode::asText).filter(t -> !t.isBlank()).orElse(defaultType);
            if (!target.type().equalsIgnoreCase(type)) {
                continue;
            }
            List<String> value = Json.field(element, target.subAttribute()).map(ResourceReader::text).orElse(List.of());
            values.addAll(value);
            if (!target.subAttribute().equals("value") && !value.isEmpty()) {
                break; // one element per type for attributes without "value" (addresses)
            }
        }
        return values;
    }

    /** Elements sent without a type (Okta's "primary" email sometimes is) belong to the first mapped type. */
    private String defaultType(String attribute) {
        return mapping.rules().stream().map(AttributeRule::target)
                .filter(t -> t.attribute().equalsIgnoreCase(attribute) && t.type() != null)
                .map(ScimTarget::type).findFirst().orElse("");
    }

    private static boolean isPrimary(JsonNode element) {
        return Json.field(element, "primary").map(p -> p.asBoolean() || p.asText().equalsIgnoreCase("true")).orElse(false);
    }

    private static List<String> text(JsonNode node) {
        if (node.isBoolean()) {
            return List.of(node.asBoolean() ? "TRUE" : "FALSE"); // LDAP Boolean syntax (RFC 4517 section 3.3.3)
        }
        if (node.isTextual() || node.isNumber()) {
            String text = node.asText();
            return text.isEmpty() ? List.of() : List.of(text);
        }
        return List.of();
    }

    private String resolveUser(String id, ReferenceResolver resolver) {
        DN dn = resolver.userDn(id).orElseThrow(() -> ScimException.invalidValue("manager '" + id + "' is not a known User id"));
        return dn.toString();
    }

    /** LDAP refuses duplicate values in an add, and most string syntaxes compare case-insensitively. */
    private static List<String> distinctIgnoringCase(List<String> values) {
        TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        List<String> distinct = new ArrayList<>();
        for (String value : values) {
            if (seen.add(value.toLowerCase(Locale.ROOT))) {
                distinct.add(value);
            }
        }
        return distinct;
    }

    static List<Attribute> toAttributes(Map<String, List<String>> values) {
        List<Attribute> attributes = new ArrayList<>();
        values.forEach((name, list) -> {
            if (!list.isEmpty()) {
                attributes.add(new Attribute(name, list));
            }
        });
        return attributes;
    }
}
