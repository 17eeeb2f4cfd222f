package org.scimbridge.mapping.entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.CoreSchemas;

/** Turns a directory entry into a SCIM resource (RFC 7643) following the mapping rules. */
final class EntryRenderer {

    private final ResourceMapping mapping;
    private final String endpoint;
    private final String coreUrn;
    /**
     * The rules grouped once by schema, then attribute, in mapping order, so sub-attributes and typed elements land in one
     * JSON member; their LDAP names lower-cased, which is how UnboundID's {@code Entry} keys attributes: a lookup by a
     * lower-case name is a scan, by a mixed-case one a copy per lookup (a page of 100 users makes thousands).
     */
    private final List<SchemaRules> schemas;
    private final String versionAttribute;
    private final String createdAttribute;
    private final String modifiedAttribute;

    private record AttributeRules(String attribute, List<AttributeRule> rules) {
    }

    private record SchemaRules(String urn, List<AttributeRules> attributes) {
    }

    EntryRenderer(ResourceMapping mapping) {
        this.mapping = mapping;
        this.endpoint = mapping.resourceType().equals("User") ? "/Users/" : "/Groups/";
        this.coreUrn = mapping.resourceType().equals("User") ? CoreSchemas.USER_URN : CoreSchemas.GROUP_URN;
        Map<String, Map<String, List<AttributeRule>>> bySchema = new LinkedHashMap<>();
        for (AttributeRule rule : mapping.rules()) {
            AttributeRule lookup = new AttributeRule(rule.target(), lower(rule.ldapAttribute()), rule.definition(), rule.kind());
            bySchema.computeIfAbsent(rule.target().schemaUrn(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(rule.target().attribute(), k -> new ArrayList<>()).add(lookup);
        }
        List<SchemaRules> grouped = new ArrayList<>();
        bySchema.forEach((urn, attributes) -> grouped.add(new SchemaRules(urn, attributes.entrySet().stream()
                .map(a -> new AttributeRules(a.getKey(), List.copyOf(a.getValue()))).toList())));
        this.schemas = List.copyOf(grouped);
        this.versionAttribute = lower(mapping.versionAttribute());
        this.createdAttribute = lower(mapping.createdAttribute());
        this.modifiedAttribute = lower(mapping.modifiedAttribute());
    }

    ObjectNode render(Entry entry, RenderContext context) {
        String id = idOf(entry);
        ObjectNode resource = Json.object();
        ArrayNode schemaUrns = resource.putArray("schemas");
        schemaUrns.add(coreUrn);
        resource.put("id", id);
        for (SchemaRules schema : schemas) {
            boolean core = schema.urn().equals(coreUrn);
            ObjectNode container = core ? resource : null;
            for (AttributeRules attribute : schema.attributes()) {
                List<AttributeRule> present = null;
                for (AttributeRule rule : attribute.rules()) {
                    if (entry.hasAttribute(rule.ldapAttribute())) {
                        if (present == null) {
                            present = new ArrayList<>(attribute.rules().size());
                        }
                        present.add(rule);
                    }
                }
                if (present != null) {
                    container = container == null ? Json.object() : container;
                    renderAttribute(container, attribute.attribute(), present, entry, context);
                }
            }
            if (!core && container != null && !container.isEmpty()) {
                schemaUrns.add(schema.urn());
                resource.set(schema.urn(), container);
            }
        }
        // RFC 7643 section 4.1.1: active, read back from the same strategy that writes it.
        ActiveState.read(entry, mapping).ifPresent(active -> resource.put("active", active));
        resource.set("meta", meta(entry, id, context));
        return resource;
    }

    private static String lower(String attribute) {
        return attribute.toLowerCase(Locale.ROOT);
    }

    String idOf(Entry entry) {
        String id = Ids.of(entry, mapping).orElse(null);
        if (id == null) {
            throw new IllegalStateException("entry " + entry.getDN() + " has no " + mapping.idAttribute()
                    + "; was it requested in the search?");
        }
        return id;
    }

    /** The ETag value (RFC 7644 section 3.14): weak, because the directory's version attribute is not a content hash. */
    Optional<String> versionOf(Entry entry) {
        String version = entry.getAttributeValue(versionAttribute);
        return Optional.ofNullable(version).map(v -> "W/\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    private void renderAttribute(ObjectNode container, String name, List<AttributeRule> rules, Entry entry,
                                 RenderContext context) {
        ScimTarget first = rules.getFirst().target();
        if (first.isMultiValuedElement()) {
            ArrayNode elements = container.putArray(name);
            for (AttributeRule rule : rules) {
                renderElements(elements, rule, entry);
            }
            if (!elements.isEmpty()) {
                // RFC 7643 section 2.4: "primary" marks the preferred value; the first LDAP value plays that role.
                ((ObjectNode) elements.get(0)).put("primary", true);
            }
            return;
        }
        if (first.subAttribute() == null) {
            String value = entry.getAttributeValue(rules.getFirst().ldapAttribute());
            if (rules.getFirst().definition().type() == AttributeDefinition.Type.BOOLEAN) {
                container.put(name, value.equalsIgnoreCase("TRUE")); // LDAP Boolean syntax to a JSON boolean
            } else {
                container.put(name, value);
            }
            return;
        }
        ObjectNode complex = container.putObject(name);
        for (AttributeRule rule : rules) {
            String value = entry.getAttributeValue(rule.ldapAttribute());
            if (rule.kind() == Kind.USER_REFERENCE) {
                Optional<String> userId = parseDn(value).flatMap(context::userId);
                if (userId.isEmpty()) {
                    continue; // a manager outside the mapped users cannot be expressed as a SCIM reference
                }
                complex.put("value", userId.get());
                complex.put("$ref", context.baseUrl() + "/Users/" + userId.get());
            } else {
                complex.put(rule.target().subAttribute(), value);
            }
        }
        if (complex.isEmpty()) {
            container.remove(name);
        }
    }

    private static void renderElements(ArrayNode elements, AttributeRule rule, Entry entry) {
        String type = rule.target().type();
        if (rule.target().subAttribute().equals("value")) {
            // One element per LDAP value: mail: [a, b] gives two work emails.
            for (String value : entry.getAttributeValues(rule.ldapAttribute())) {
                ObjectNode element = elements.addObject();
                element.put("value", value);
                element.put("type", type);
            }
            return;
        }
        // Elements without a "value" sub-attribute (addresses) gather every rule of the same type into one element.
        ObjectNode element = null;
        for (int i = 0; i < elements.size(); i++) {
            if (type.equals(elements.get(i).path("type").asText())) {
                element = (ObjectNode) elements.get(i);
            }
        }
        if (element == null) {
            element = elements.addObject();
            element.put("type", type);
        }
        element.put(rule.target().subAttribute(), entry.getAttributeValue(rule.ldapAttribute()));
    }

    private ObjectNode meta(Entry entry, String id, RenderContext context) {
        ObjectNode meta = Json.object();
        meta.put("resourceType", mapping.resourceType());
        Optional<String> created = timestamp(entry, createdAttribute);
        created.ifPresent(t -> meta.put("created", t));
        // RFC 7643 section 3.1: never modified since creation means lastModified equals created. ApacheDS, for one,
        // writes modifyTimestamp only on the first modify.
        timestamp(entry, modifiedAttribute).or(() -> created).ifPresent(t -> meta.put("lastModified", t));
        meta.put("location", context.baseUrl() + endpoint + id);
        versionOf(entry).ifPresent(v -> meta.put("version", v));
        return meta;
    }

    /** LDAP generalizedTime (RFC 4517 section 3.3.13) to the xsd:dateTime form SCIM uses (RFC 7643 section 2.3.5). */
    private static Optional<String> timestamp(Entry entry, String attribute) {
        String value = entry.getAttributeValue(attribute);
        if (value == null) {
            return Optional.empty();
        }
        return GeneralizedTime.iso(value);
    }

    private static Optional<DN> parseDn(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DN(value));
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }
}
