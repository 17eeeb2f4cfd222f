package org.scimbridge.mapping.entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.RDN;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.config.Lifecycle;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ValueSource;
import org.scimbridge.mapping.query.Projection;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * Entry to SCIM JSON and back, for one resource type, as the mapping says. Pure: the only outside knowledge it needs
 * (ids of referenced users) comes in through {@link RenderContext} and {@link ReferenceResolver}.
 */
public final class AttributeMapper {

    private final ResourceMapping mapping;
    private final EntryRenderer renderer;
    private final InputValidator validator;
    private final ResourceReader reader;
    private final String[] attributesToRead;
    private final String[] attributesForAll;
    private final String[] writableAttributes;

    public AttributeMapper(ResourceMapping mapping) {
        this.mapping = mapping;
        this.renderer = new EntryRenderer(mapping);
        var core = mapping.resourceType().equals("User") ? CoreSchemas.USER : CoreSchemas.GROUP;
        this.validator = new InputValidator(core, InputValidator.extensionFor(core));
        this.reader = new ResourceReader(mapping);
        Set<String> read = new LinkedHashSet<>(mapping.mappedLdapAttributes());
        read.add(mapping.idAttribute());
        read.add(mapping.versionAttribute());
        read.add(mapping.createdAttribute());
        read.add(mapping.modifiedAttribute());
        read.addAll(lifecycleAttributes(mapping));
        // Required attributes no rule maps (AD's sAMAccountName of groups, filled from displayName) are written on
        // updates too: the diff needs their current value, or it adds a second one to a single-valued attribute.
        read.addAll(mapping.required().keySet());
        this.attributesToRead = read.toArray(String[]::new);
        Set<String> writable = new LinkedHashSet<>(mapping.mappedLdapAttributes());
        writable.addAll(mapping.required().keySet());
        writable.addAll(lifecycleAttributes(mapping));
        this.writableAttributes = writable.toArray(String[]::new);
        this.attributesForAll = attributesFor(Projection.all());
    }

    public ResourceMapping mapping() {
        return mapping;
    }

    /** The user's active state, when the mapping stores it. */
    public Optional<Boolean> active(Entry entry) {
        return ActiveState.read(entry, mapping);
    }

    /** Writes the active state into {@code target} (soft deletes deactivate this way). */
    public void setActive(Entry target, boolean active, Entry current) {
        ActiveState.apply(target, active, current, mapping);
    }

    /** The password a request body carries (write-only, RFC 7643 section 4.1.1), when the mapping writes passwords. */
    public Optional<String> password(JsonNode body) {
        if (mapping.lifecycle().password() == Lifecycle.Password.NONE) {
            return Optional.empty();
        }
        return Json.field(body, "password").filter(JsonNode::isTextual).map(JsonNode::asText).filter(p -> !p.isEmpty());
    }

    /** The LDAP attributes the {@code active} lifecycle strategies write. */
    public List<String> lifecycleAttributes() {
        return lifecycleAttributes(mapping);
    }

    private static List<String> lifecycleAttributes(ResourceMapping mapping) {
        List<String> attributes = new ArrayList<>();
        for (var strategy : mapping.lifecycle().active()) {
            switch (strategy) {
                case Lifecycle.ActiveStrategy.Value v -> attributes.add(v.attribute());
                case Lifecycle.ActiveStrategy.Bit b -> attributes.add(b.attribute());
                case Lifecycle.ActiveStrategy.Move m -> { }
            }
        }
        return attributes;
    }

    /** The LDAP attributes a read must request to render a full resource; nothing more is fetched. */
    public String[] attributesToRead() {
        return attributesToRead.clone();
    }

    /** The LDAP attributes needed for a response shaped by {@code projection}: never more than it shows. */
    public String[] attributesToRead(Projection projection) {
        if (projection == Projection.all()) {
            return attributesForAll.clone(); // most requests: computed once, not per request
        }
        return attributesFor(projection);
    }

    private String[] attributesFor(Projection projection) {
        Set<String> read = new LinkedHashSet<>();
        for (AttributeRule rule : mapping.rules()) {
            if (projection.includes(rule.target())) {
                read.add(rule.ldapAttribute());
            }
        }
        read.add(mapping.idAttribute());
        read.add(mapping.versionAttribute()); // the ETag header needs it even when meta is not shown
        if (projection.includesMeta()) {
            read.add(mapping.createdAttribute());
            read.add(mapping.modifiedAttribute());
        }
        if (projection.includes(CoreSchemas.USER_URN, "active", null)) {
            read.addAll(lifecycleAttributes(mapping));
        }
        return read.toArray(String[]::new);
    }

    public ObjectNode toScim(Entry entry, RenderContext context) {
        return renderer.render(entry, context);
    }

    public String id(Entry entry) {
        return renderer.idOf(entry);
    }

    /** The weak ETag of this entry, from the configured version attribute. */
    public Optional<String> etag(Entry entry) {
        return renderer.versionOf(entry);
    }

    /** DNs of users this entry references (managers) that rendering will want ids for. */
    public List<DN> referencedUserDns(Entry entry) {
        List<DN> dns = new ArrayList<>();
        for (AttributeRule rule : mapping.rules()) {
            if (rule.kind() == Kind.USER_REFERENCE) {
                for (String value : entry.getAttributeValues(rule.ldapAttribute()) == null ? new String[0]
                        : entry.getAttributeValues(rule.ldapAttribute())) {
                    try {
                        dns.add(new DN(value));
                    } catch (LDAPException e) {
                        // not a DN: the renderer leaves it out, nothing to resolve
                    }
                }
            }
        }
        return dns;
    }

    /** The entry a POST creates (RFC 7644 section 3.3): named by the RDN attribute's value, with the object classes. */
    public Entry newEntry(JsonNode body, ReferenceResolver resolver) {
        Map<String, List<String>> values = readValidated(body, resolver);
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("objectClass", mapping.objectClasses()));
        attributes.addAll(ResourceReader.toAttributes(values));
        Entry entry = new Entry(dnFor(values), attributes);
        if (!mapping.lifecycle().active().isEmpty()) {
            ActiveState.apply(entry, ActiveState.requested(body).orElse(true), null, mapping);
        }
        return entry;
    }

    /**
     * The entry a PUT (RFC 7644 section 3.5.1) asks for: the current entry with every mapped attribute replaced by what
     * the body says (absent = cleared). Its DN differs from the current one when the naming attribute changed.
     */
    public Entry targetEntry(JsonNode body, Entry current, ReferenceResolver resolver) {
        Map<String, List<String>> values = readValidated(body, resolver);
        Entry target = current.duplicate();
        for (Map.Entry<String, List<String>> attribute : values.entrySet()) {
            target.removeAttribute(attribute.getKey());
            if (!attribute.getValue().isEmpty()) {
                target.addAttribute(new Attribute(attribute.getKey(), attribute.getValue()));
            }
        }
        RDN newRdn = rdnFor(values);
        DN currentDn = parsedDn(current);
        // Only entries named by the rdn attribute are renamed (others, e.g. cn=... entries found with scope sub, keep
        // their name and get the attribute written), and RDN equality follows the directory's usual caseIgnore
        // matching: a case-only change keeps the entry's name.
        if (currentDn.getRDN().hasAttribute(mapping.rdnAttribute()) && !currentDn.getRDN().equals(newRdn)) {
            target.setDN(new DN(newRdn, currentDn.getParent()));
        }
        // PUT without "active" leaves it as it is (Okta custom apps send PUTs without it, IDP-QUIRKS Okta 3).
        Optional<Boolean> active = ActiveState.requested(body);
        if (active.isPresent() && !mapping.lifecycle().active().isEmpty()) {
            ActiveState.apply(target, active.get(), current, mapping);
        }
        return target;
    }

    /**
     * The minimal modifications from {@code current} to {@code target} over the mapped attributes only; the naming
     * attribute is left to a modify-DN. An empty list means the write can be skipped.
     */
    public List<Modification> diff(Entry current, Entry target) {
        return diff(current, target, List.of(writableAttributes));
    }

    /**
     * The minimal modifications for a PATCH: only over the LDAP attributes of the SCIM attributes it changed
     * ({@code changed} holds canonical top-level names, URN-qualified for extensions). Everything else stays as the
     * directory has it, including values the SCIM rendering cannot show (a second cn, a second street).
     */
    public List<Modification> diff(Entry current, Entry target, Set<String> changed) {
        Set<String> lower = new HashSet<>();
        changed.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        String coreUrn = mapping.resourceType().equals("User") ? CoreSchemas.USER_URN : CoreSchemas.GROUP_URN;
        Set<String> attributes = new LinkedHashSet<>();
        for (AttributeRule rule : mapping.rules()) {
            if (lower.contains(topLevelName(rule.target().schemaUrn(), rule.target().attribute(), coreUrn))) {
                attributes.add(rule.ldapAttribute());
            }
        }
        if (lower.contains("active")) {
            attributes.addAll(lifecycleAttributes(mapping));
        }
        mapping.required().forEach((ldapAttribute, sources) -> {
            boolean fedByChange = sources.stream().anyMatch(source -> switch (source) {
                case ValueSource.Path path -> lower.contains(topLevelName(path.target().schemaUrn(), path.target().attribute(), coreUrn));
                case ValueSource.Template template -> template.parts().stream()
                        .anyMatch(t -> lower.contains(topLevelName(t.schemaUrn(), t.attribute(), coreUrn)));
            });
            if (fedByChange) {
                attributes.add(ldapAttribute);
            }
        });
        return diff(current, target, List.copyOf(attributes));
    }

    private List<Modification> diff(Entry current, Entry target, List<String> attributes) {
        boolean namedByRdnAttribute = parsedDn(target).getRDN().hasAttribute(mapping.rdnAttribute());
        List<String> compared = new ArrayList<>();
        for (String attribute : attributes) {
            if (!(namedByRdnAttribute && attribute.equalsIgnoreCase(mapping.rdnAttribute()))) {
                compared.add(attribute);
            }
        }
        if (compared.isEmpty()) {
            return List.of();
        }
        // Value-level add/delete (reversible diff): only the values that changed travel, and a value someone else
        // added meanwhile survives, which a REPLACE of the whole attribute would drop.
        return Entry.diff(current, target, true, true, compared.toArray(String[]::new));
    }

    private static String topLevelName(String urn, String attribute, String coreUrn) {
        return (urn.equals(coreUrn) ? attribute : urn + ":" + attribute).toLowerCase(Locale.ROOT);
    }

    private Map<String, List<String>> readValidated(JsonNode body, ReferenceResolver resolver) {
        validator.validate(body);
        refuseUnmappedDeactivation(body);
        return reader.read(body, resolver);
    }

    /**
     * Unmapped attributes are ignored, except a deactivation: silently keeping an offboarded user active in the
     * directory is the one omission that hurts, so {@code active: false} without an {@code active} rule is refused.
     */
    private void refuseUnmappedDeactivation(JsonNode body) {
        if (!mapping.resourceType().equals("User") || !mapping.lifecycle().active().isEmpty() || mapping.rules().stream()
                .anyMatch(r -> r.target().sameAttribute(CoreSchemas.USER_URN, "active"))) {
            return;
        }
        Json.field(body, "active").filter(a -> a.isBoolean() && !a.asBoolean() || a.isTextual() && a.asText().equalsIgnoreCase("false"))
                .ifPresent(a -> {
                    throw ScimException.invalidValue("this deployment's mapping has no rule for 'active', so it cannot deactivate users");
                });
    }

    private static DN parsedDn(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("the directory returned an unparseable DN: " + entry.getDN(), e);
        }
    }

    private DN dnFor(Map<String, List<String>> values) {
        return new DN(rdnFor(values), mapping.base());
    }

    private RDN rdnFor(Map<String, List<String>> values) {
        String nameAttribute = mapping.resourceType().equals("User") ? "userName" : "displayName";
        String nameLdapAttribute = mapping.ldapAttributeFor(nameAttribute).orElse(mapping.rdnAttribute());
        if (valuesOf(values, nameLdapAttribute).isEmpty() || valuesOf(values, nameLdapAttribute).getFirst().isBlank()) {
            throw ScimException.invalidValue("'" + nameAttribute + "' is required and must be a non-empty string");
        }
        List<String> rdnValues = valuesOf(values, mapping.rdnAttribute());
        if (rdnValues.isEmpty() || rdnValues.getFirst().isBlank()) {
            throw ScimException.invalidValue("the directory names entries by '" + mapping.rdnAttribute() + "', which this request "
                    + "leaves empty");
        }
        // RDN escapes every DN metacharacter (RFC 4514): the value is data, never DN syntax.
        return new RDN(mapping.rdnAttribute(), rdnValues.getFirst());
    }

    private static List<String> valuesOf(Map<String, List<String>> values, String ldapAttribute) {
        return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(ldapAttribute)).findFirst()
                .map(Map.Entry::getValue).orElse(List.of());
    }
}
