package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.AttributeUsage;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.ResourceMapping;

/**
 * The mapping against the directory's schema: every object class and attribute it names exists, every attribute the
 * bridge writes is allowed by the object classes, and every attribute they require has something to fill it.
 */
final class SchemaCheck {

    private static final String TOP = "2.5.6.0";

    private final Schema schema;
    private final List<Finding> findings = new ArrayList<>();
    /** Lower-case names of unknown attributes already reported, so each is an error once. */
    private final Set<String> reported = new HashSet<>();
    private List<String> attributeNames;

    private SchemaCheck(Schema schema) {
        this.schema = schema;
    }

    static List<Finding> run(Schema schema, MappingConfig mapping) {
        SchemaCheck check = new SchemaCheck(schema);
        check.resource("users", mapping.users(), AttributeUse.of(mapping.roles()));
        mapping.groups().ifPresent(groups -> check.resource("groups", groups, List.of()));
        return check.findings;
    }

    private void resource(String prefix, ResourceMapping mapping, List<AttributeUse> extra) {
        List<ObjectClassDefinition> classes = objectClasses(prefix, mapping.objectClasses());
        // With an unknown class the allowed and required sets are incomplete: its error is the one to fix first.
        AllowedAttributes allowed = classes.size() == mapping.objectClasses().size()
                ? AllowedAttributes.of(schema, classes) : null;
        List<AttributeUse> uses = new ArrayList<>(AttributeUse.of(prefix, mapping));
        uses.addAll(extra);
        for (AttributeUse use : uses) {
            AttributeTypeDefinition type = attributeType(use);
            if (type != null && allowed != null && use.written() && type.getUsage() == AttributeUsage.USER_APPLICATIONS
                    && !allowed.permits(type)) {
                List<String> hosts = AllowedAttributes.classesAllowing(schema, type);
                findings.add(Finding.warning(use.subject(), "'" + use.attribute() + "' is not allowed by "
                        + mapping.objectClasses() + ": writing it fails with objectClassViolation"
                        + (hosts.isEmpty() ? "" : "; object classes that allow it: " + String.join(", ", hosts))));
            }
        }
        if (allowed != null) {
            requiredAttributes(prefix, mapping, classes);
        }
    }

    private List<ObjectClassDefinition> objectClasses(String prefix, List<String> names) {
        List<ObjectClassDefinition> classes = new ArrayList<>();
        for (String name : names) {
            ObjectClassDefinition definition = schema.getObjectClass(name);
            if (definition == null) {
                List<String> known = schema.getObjectClasses().stream().flatMap(c -> List.of(c.getNames()).stream()).toList();
                findings.add(Finding.error(prefix + ".objectClasses", "object class '" + name
                        + "' does not exist in the directory schema" + NameSuggestions.didYouMean(name, known)));
            } else {
                classes.add(definition);
            }
        }
        return classes;
    }

    private AttributeTypeDefinition attributeType(AttributeUse use) {
        AttributeTypeDefinition type = schema.getAttributeType(use.typeName());
        if (type == null && reported.add(use.typeName().toLowerCase(Locale.ROOT))) {
            if (attributeNames == null) {
                attributeNames = schema.getAttributeTypes().stream().flatMap(t -> List.of(t.getNames()).stream()).toList();
            }
            findings.add(Finding.error(use.subject(), "LDAP attribute '" + use.attribute()
                    + "' does not exist in the directory schema" + NameSuggestions.didYouMean(use.typeName(), attributeNames)));
        }
        return type;
    }

    /** Each MUST of the classes (but top's, which the server fills) needs a rule, a required fallback or the RDN. */
    private void requiredAttributes(String prefix, ResourceMapping mapping, List<ObjectClassDefinition> classes) {
        Set<String> filled = new HashSet<>();
        mapping.rules().stream().map(AttributeRule::ldapAttribute).forEach(a -> filled.add(oid(a)));
        mapping.required().keySet().forEach(a -> filled.add(oid(a)));
        filled.add(oid(mapping.rdnAttribute()));
        filled.add(oid("objectClass"));
        String membership = mapping.groupOptions().map(g -> oid(g.memberAttribute())).orElse(null);
        boolean placeholder = mapping.groupOptions().flatMap(ResourceMapping.GroupOptions::placeholder).isPresent();
        String resource = "a " + mapping.resourceType().toLowerCase(Locale.ROOT);
        Set<String> seen = new HashSet<>();
        for (ObjectClassDefinition objectClass : chain(classes)) {
            for (AttributeTypeDefinition type : objectClass.getRequiredAttributes(schema, false)) {
                String oid = type.getOID().toLowerCase(Locale.ROOT);
                if (filled.contains(oid) || type.isNoUserModification() || type.getUsage() != AttributeUsage.USER_APPLICATIONS
                        || !seen.add(oid)) {
                    continue;
                }
                String name = type.getNameOrOID();
                String requiredBy = "'" + name + "' is required by " + objectClass.getNameOrOID();
                if (oid.equals(membership)) {
                    if (!placeholder) {
                        findings.add(Finding.warning(prefix + ".membership.placeholder", "creating an empty group would fail: "
                                + requiredBy + "; set a placeholder member"));
                    }
                } else {
                    findings.add(Finding.error(prefix + ".required." + name, "creating " + resource + " would fail: "
                            + requiredBy + " and no rule under " + prefix + ".attributes or " + prefix + ".required fills it"));
                }
            }
        }
    }

    /** The classes and all their superiors, each once, top excluded. */
    private Set<ObjectClassDefinition> chain(List<ObjectClassDefinition> classes) {
        Set<ObjectClassDefinition> chain = new LinkedHashSet<>();
        for (ObjectClassDefinition objectClass : classes) {
            chain.add(objectClass);
            chain.addAll(objectClass.getSuperiorClasses(schema, true));
        }
        chain.removeIf(c -> c.getOID().equals(TOP));
        return chain;
    }

    /** The OID of a configured attribute, lower case; the name itself when the schema does not know it. */
    private String oid(String attribute) {
        String name = new AttributeUse("", attribute, false).typeName();
        AttributeTypeDefinition type = schema.getAttributeType(name);
        return (type == null ? name : type.getOID()).toLowerCase(Locale.ROOT);
    }
}
