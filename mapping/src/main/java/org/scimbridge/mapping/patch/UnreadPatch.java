package org.scimbridge.mapping.patch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.config.ValueSource;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.filter.PatchPath;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Mutability;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * The PATCH requests whose LDAP modify does not depend on the entry as it is, so a write can go out without reading it
 * first: every operation an {@code add} or {@code replace} of a single-valued string attribute (RFC 7644 section 3.5.2.1:
 * add on a single-valued attribute replaces it; 3.5.2.3: replace sets it, present or not), with a non-empty value, on a
 * rule that nothing else depends on. Entra ID's attribute updates are this shape ({@code replace title}, {@code replace
 * department}); they become one LDAP {@code REPLACE} per attribute.
 *
 * <p>A rule qualifies when its LDAP attribute is written by that rule alone: not the naming or RDN attribute (a rename,
 * a uniqueness check), not an id, version or timestamp attribute, not written by the {@code active} lifecycle, not a
 * {@code required} attribute, not the source of one (a {@code cn} built from {@code {name.givenName} {name.familyName}}
 * changes with its parts, depending on which parts the entry has), not a reference (a DN to resolve), not in
 * {@code excluded} (role grants). Anything else, including a removal, a value filter, or a value of another JSON type,
 * takes the general path, which reads the entry.
 */
public final class UnreadPatch {

    /**
     * The write for one request.
     *
     * @param modifications one {@code REPLACE} per LDAP attribute, with its one value
     * @param alreadySo     matches an entry that already holds every one of those values (the caller asserts its
     *                      negation, so a PATCH that changes nothing writes nothing, as on the general path)
     * @param attributes    the LDAP attributes written, for the audit record
     */
    public record Plan(List<Modification> modifications, Filter alreadySo, List<String> attributes) {
        public Plan {
            modifications = List.copyOf(modifications);
            attributes = List.copyOf(attributes);
        }
    }

    private final ScimSchema core;
    private final ScimSchema extension;
    /** Qualifying rules by lower-cased {@code urn:attribute[.sub]}. */
    private final Map<String, AttributeRule> rules = new HashMap<>();

    /**
     * @param core      the resource type's core schema
     * @param extension its extension schema, or {@code null}
     * @param excluded  further LDAP attributes that must be read before they are written (those role rules grant)
     */
    public UnreadPatch(AttributeMapper mapper, ScimSchema core, ScimSchema extension, Set<String> excluded) {
        this.core = core;
        this.extension = extension;
        ResourceMapping mapping = mapper.mapping();
        Set<String> dependent = new HashSet<>();
        excluded.forEach(a -> dependent.add(lower(a)));
        List.of(mapping.rdnAttribute(), mapping.idAttribute(), mapping.versionAttribute(), mapping.createdAttribute(),
                mapping.modifiedAttribute()).forEach(a -> dependent.add(lower(a)));
        mapper.lifecycleAttributes().forEach(a -> dependent.add(lower(a)));
        mapping.required().keySet().forEach(a -> dependent.add(lower(a)));
        Set<String> sources = new HashSet<>();
        for (List<ValueSource> required : mapping.required().values()) {
            for (ValueSource source : required) {
                switch (source) {
                    case ValueSource.Path path -> sources.add(path.target().lowerKey());
                    case ValueSource.Template template -> template.parts().forEach(t -> sources.add(t.lowerKey()));
                }
            }
        }
        Map<String, Integer> uses = new HashMap<>();
        mapping.rules().forEach(r -> uses.merge(lower(r.ldapAttribute()), 1, Integer::sum));
        String nameAttribute = mapping.resourceType().equals("User") ? "userName" : "displayName";
        for (AttributeRule rule : mapping.rules()) {
            ScimTarget target = rule.target();
            boolean qualifies = rule.kind() == AttributeRule.Kind.STRING
                    && !target.isMultiValuedElement()
                    && !target.attribute().equalsIgnoreCase(nameAttribute)
                    && !target.attribute().equalsIgnoreCase("password")
                    && singleValuedReadWrite(target, rule.definition())
                    && !dependent.contains(lower(rule.ldapAttribute()))
                    && uses.get(lower(rule.ldapAttribute())) == 1
                    && !sources.contains(target.lowerKey());
            if (qualifies) {
                rules.put(key(target.schemaUrn(), target.attribute(), target.subAttribute()), rule);
            }
        }
    }

    /** The LDAP attributes a plan may write, for tests and the documentation. */
    public Set<String> writableAttributes() {
        Set<String> attributes = new LinkedHashSet<>();
        rules.values().forEach(r -> attributes.add(r.ldapAttribute()));
        return attributes;
    }

    /**
     * The write for {@code operations}, or empty when any of them needs the entry as it is. Each value is a non-empty JSON
     * string for a string attribute, which is exactly what the general path would store (no conversion, no check left
     * to make: the rule is read-write and single-valued).
     */
    public Optional<Plan> plan(List<PatchOperation> operations) {
        if (operations.isEmpty() || rules.isEmpty()) {
            return Optional.empty();
        }
        Map<AttributeRule, String> values = new LinkedHashMap<>();
        for (PatchOperation operation : operations) {
            if (operation.op() == PatchOperation.Op.REMOVE || operation.value() == null
                    || !collect(operation.path(), operation.value(), values)) {
                return Optional.empty();
            }
        }
        List<Modification> modifications = new ArrayList<>();
        List<Filter> held = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        values.forEach((rule, value) -> {
            modifications.add(new Modification(ModificationType.REPLACE, rule.ldapAttribute(), value));
            held.add(Filter.createEqualityFilter(rule.ldapAttribute(), value));
            attributes.add(rule.ldapAttribute());
        });
        return Optional.of(new Plan(modifications, Filter.createANDFilter(held), attributes));
    }

    /** Adds the rules {@code value} at {@code path} sets to {@code touched}; false when one does not qualify. */
    private boolean collect(Optional<PatchPath> path, JsonNode value, Map<AttributeRule, String> touched) {
        if (path.isEmpty()) {
            // The path-less form: the value's members are the attributes (section 3.5.2.1 and 3.5.2.3).
            if (!value.isObject() || value.isEmpty()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                boolean ok = extension != null && member.getKey().equalsIgnoreCase(extension.id())
                        ? allStrings(member.getValue(), extension.id(), touched)
                        : attribute(core.id(), member.getKey(), member.getValue(), touched);
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        PatchPath target = path.get();
        if (target.valueFilter() != null) {
            return false;
        }
        AttributePath attribute = target.attribute();
        String urn = attribute.schemaUrn() == null ? core.id() : attribute.schemaUrn();
        if (attribute.hasSubAttribute()) {
            return add(key(urn, attribute.name(), attribute.subAttribute()), value, touched);
        }
        return attribute(urn, attribute.name(), value, touched);
    }

    /** An attribute set to a string, or a single-valued complex one set to an object of strings ({@code name}). */
    private boolean attribute(String urn, String name, JsonNode value, Map<AttributeRule, String> touched) {
        if (value.isObject()) {
            if (value.isEmpty()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> sub : value.properties()) {
                if (!add(key(urn, name, sub.getKey()), sub.getValue(), touched)) {
                    return false;
                }
            }
            return true;
        }
        return add(key(urn, name, null), value, touched);
    }

    /** The extension's object in the path-less form: each member a simple attribute of the extension. */
    private boolean allStrings(JsonNode value, String urn, Map<AttributeRule, String> touched) {
        if (!value.isObject() || value.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            if (!add(key(urn, member.getKey(), null), member.getValue(), touched)) {
                return false;
            }
        }
        return true;
    }

    private boolean add(String key, JsonNode value, Map<AttributeRule, String> touched) {
        AttributeRule rule = rules.get(key);
        if (rule == null || !value.isTextual() || value.asText().isEmpty()) {
            return false; // an empty string clears the attribute: the general path decides what that means
        }
        touched.put(rule, value.asText()); // the same attribute twice (replace title, then again): the last value wins
        return true;
    }

    /** Single-valued and writable at every level (a sub-attribute of {@code name}, never of {@code emails}). */
    private boolean singleValuedReadWrite(ScimTarget target, AttributeDefinition leaf) {
        ScimSchema schema = target.schemaUrn().equalsIgnoreCase(core.id()) ? core
                : extension != null && target.schemaUrn().equalsIgnoreCase(extension.id()) ? extension : null;
        if (schema == null) {
            return false;
        }
        // externalId is common to every resource (RFC 7643 section 3.1), outside the core schema's list.
        AttributeDefinition top = schema.attribute(target.attribute())
                .orElse(target.attribute().equalsIgnoreCase("externalId") && target.subAttribute() == null ? leaf : null);
        return top != null && !top.multiValued() && top.mutability() == Mutability.READ_WRITE
                && !leaf.multiValued() && leaf.mutability() == Mutability.READ_WRITE && leaf.type() == Type.STRING;
    }

    private static String key(String urn, String attribute, String sub) {
        return lower(urn + ":" + attribute + (sub == null ? "" : "." + sub));
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
