package org.scimbridge.mapping.schema;

import org.scimbridge.mapping.config.Lifecycle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/**
 * The schemas as this deployment supports them: only attributes and sub-attributes the mapping stores, and for typed
 * multi-valued attributes only the mapped types as canonical values. What /Schemas advertises is then exactly true.
 */
public final class MappedSchemas {

    private MappedSchemas() {
    }

    /** The core schema of the resource type first, then each extension with at least one mapped attribute. */
    public static List<ScimSchema> of(ResourceMapping mapping) {
        ScimSchema core = mapping.resourceType().equals("User") ? CoreSchemas.USER : CoreSchemas.GROUP;
        List<ScimSchema> schemas = new ArrayList<>();
        // Attributes the lifecycle and group code serve rather than attribute rules.
        Set<String> extra = new LinkedHashSet<>();
        if (!mapping.lifecycle().active().isEmpty()) {
            extra.add("active");
        }
        if (mapping.lifecycle().password() != Lifecycle.Password.NONE) {
            extra.add("password");
        }
        if (mapping.groupOptions().isPresent()) {
            extra.add("members");
        }
        schemas.add(restrict(core, mapping.rules(), extra));
        if (core == CoreSchemas.USER) {
            ScimSchema extension = restrict(CoreSchemas.ENTERPRISE_USER, mapping.rules(), Set.of());
            if (!extension.attributes().isEmpty()) {
                schemas.add(extension);
            }
        }
        return schemas;
    }

    private static ScimSchema restrict(ScimSchema schema, List<AttributeRule> rules, Set<String> extra) {
        List<AttributeDefinition> kept = new ArrayList<>();
        for (AttributeDefinition attribute : schema.attributes()) {
            List<ScimTarget> targets = rules.stream().map(AttributeRule::target)
                    .filter(t -> t.sameAttribute(schema.id(), attribute.name())).toList();
            if (extra.contains(attribute.name())) {
                kept.add(attribute);
                continue;
            }
            if (targets.isEmpty()) {
                continue;
            }
            if (attribute.type() != Type.COMPLEX) {
                kept.add(attribute);
                continue;
            }
            Set<String> subs = new LinkedHashSet<>();
            Set<String> types = new LinkedHashSet<>();
            for (ScimTarget target : targets) {
                subs.add(target.subAttribute());
                if (target.type() != null) {
                    types.add(target.type());
                }
            }
            if (attribute.name().equals("manager")) {
                subs.add("$ref"); // the reference is rendered next to the mapped value
            }
            List<AttributeDefinition> keptSubs = new ArrayList<>();
            for (AttributeDefinition sub : attribute.subAttributes()) {
                if (sub.name().equals("type") && !types.isEmpty()) {
                    keptSubs.add(new AttributeDefinition(sub.name(), sub.type(), false, false, false, sub.mutability(),
                            sub.returned(), sub.uniqueness(), List.of(), List.copyOf(types), List.of(), sub.description()));
                } else if (subs.contains(sub.name()) || sub.name().equals("primary") && attribute.multiValued()) {
                    keptSubs.add(sub);
                }
            }
            kept.add(attribute.withSubAttributes(keptSubs));
        }
        return schema.withAttributes(kept);
    }
}
