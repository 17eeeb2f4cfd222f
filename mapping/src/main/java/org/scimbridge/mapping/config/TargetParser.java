package org.scimbridge.mapping.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.CoreSchemas;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * Parses the SCIM side of a mapping key and checks it against the schemas. Mapping keys use a deliberately small subset
 * of the PATCH path grammar (RFC 7644 section 3.5.2): {@code [urn:]attr[[type eq "T"]][.sub]}.
 */
final class TargetParser {

    private static final Pattern KEY = Pattern.compile(
            "(?:(urn:[^\\s\\[\\]]+):)?([A-Za-z$][A-Za-z0-9_$-]*)(?:\\[\\s*type\\s+eq\\s+\"([^\"]+)\"\\s*])?(?:\\.([A-Za-z$][A-Za-z0-9_$-]*))?");
    /** Sub-attributes that structure a multi-valued element rather than hold data (RFC 7643 section 2.4). */
    private static final Set<String> STRUCTURAL = Set.of("type", "primary");

    private TargetParser() {
    }

    static AttributeRule rule(String key, String ldapAttribute, String coreUrn, YamlNode where) {
        ScimTarget target = target(key, coreUrn, where);
        AttributeDefinition leaf = leaf(target, where);
        boolean manager = target.schemaUrn().equals(CoreSchemas.ENTERPRISE_USER_URN) && target.attribute().equals("manager");
        return new AttributeRule(target, ldapAttribute, leaf, manager ? Kind.USER_REFERENCE : Kind.STRING);
    }

    static ScimTarget target(String key, String coreUrn, YamlNode where) {
        Matcher m = KEY.matcher(key.strip());
        if (!m.matches()) {
            throw where.error("'" + key + "' is not a SCIM attribute path of the form [urn:]attribute[[type eq \"T\"]][.sub]");
        }
        String urn = m.group(1) == null ? coreUrn : m.group(1);
        String name = m.group(2);
        String type = m.group(3);
        String sub = m.group(4);
        if (urn.equalsIgnoreCase(coreUrn) && name.equalsIgnoreCase("externalId") && type == null && sub == null) {
            // externalId is a common attribute (RFC 7643 section 3.1), not part of the User or Group schema.
            return ScimTarget.simple(coreUrn, "externalId");
        }
        ScimSchema schema = CoreSchemas.byUrn(urn).filter(s -> s.id().equalsIgnoreCase(coreUrn) || isExtensionOf(s, coreUrn))
                .orElseThrow(() -> where.error("schema '" + urn + "' is not known for this resource type"));
        AttributeDefinition attribute = schema.attribute(name)
                .orElseThrow(() -> where.error("'" + name + "' is not an attribute of " + schema.id()));
        if (attribute.type() == Type.COMPLEX && sub == null) {
            if (attribute.name().equals("manager")) {
                sub = "value";
            } else {
                throw where.error("'" + key + "' is complex: name a sub-attribute, e.g. " + attribute.name() + "."
                        + attribute.subAttributes().getFirst().name());
            }
        }
        if (type != null && !(attribute.multiValued() && attribute.type() == Type.COMPLEX)) {
            throw where.error("[type eq ...] applies only to multi-valued complex attributes such as emails");
        }
        ScimTarget target = new ScimTarget(schema.id(), attribute.name(), type, sub == null ? null : canonicalSub(attribute, sub, where));
        leaf(target, where);
        return target;
    }

    private static AttributeDefinition leaf(ScimTarget target, YamlNode where) {
        if (target.attribute().equals("externalId")) {
            return new AttributeDefinition("externalId", Type.STRING, false, false, true,
                    AttributeDefinition.Mutability.READ_WRITE, AttributeDefinition.Returned.DEFAULT,
                    AttributeDefinition.Uniqueness.NONE, List.of(), List.of(), List.of(),
                    "Identifier of the resource as defined by the provisioning client");
        }
        ScimSchema schema = CoreSchemas.byUrn(target.schemaUrn()).orElseThrow();
        AttributeDefinition attribute = schema.attribute(target.attribute()).orElseThrow();
        if (attribute.isReadOnly()) {
            throw where.error("'" + attribute.name() + "' is read-only in SCIM and cannot be mapped to a writable attribute");
        }
        if (target.subAttribute() == null) {
            if (attribute.multiValued()) {
                throw where.error("'" + attribute.name() + "' is multi-valued: map a sub-attribute of typed elements, e.g. "
                        + attribute.name() + "[type eq \"work\"].value");
            }
            return attribute;
        }
        AttributeDefinition leaf = attribute.subAttribute(target.subAttribute()).orElseThrow();
        if (STRUCTURAL.contains(leaf.name())) {
            throw where.error("'" + leaf.name() + "' structures multi-valued elements and is not mapped on its own");
        }
        if (attribute.multiValued() && target.type() == null) {
            throw where.error("'" + attribute.name() + "' is multi-valued: select the element with [type eq \"...\"]");
        }
        return leaf;
    }

    private static String canonicalSub(AttributeDefinition attribute, String sub, YamlNode where) {
        return attribute.subAttribute(sub).map(AttributeDefinition::name)
                .orElseThrow(() -> where.error("'" + sub + "' is not a sub-attribute of " + attribute.name()));
    }

    private static boolean isExtensionOf(ScimSchema schema, String coreUrn) {
        return coreUrn.equals(CoreSchemas.USER_URN) && schema.id().equals(CoreSchemas.ENTERPRISE_USER_URN);
    }
}
