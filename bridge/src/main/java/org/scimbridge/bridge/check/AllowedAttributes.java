package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.DITContentRuleDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassType;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * The attribute types an entry with a set of object classes may hold: the MUST and MAY of the classes and their
 * superiors (RFC 4512 section 2.4), plus what DIT content rules add (section 4.1.6); everything for extensibleObject.
 */
final class AllowedAttributes {

    private static final String EXTENSIBLE_OBJECT = "1.3.6.1.4.1.1466.101.120.111";

    private final boolean any;
    private final Set<String> oids;

    private AllowedAttributes(boolean any, Set<String> oids) {
        this.any = any;
        this.oids = oids;
    }

    static AllowedAttributes of(Schema schema, List<ObjectClassDefinition> classes) {
        Set<String> oids = new HashSet<>();
        boolean any = false;
        for (ObjectClassDefinition objectClass : classes) {
            any |= objectClass.getOID().equals(EXTENSIBLE_OBJECT);
            addAll(oids, objectClass.getRequiredAttributes(schema, true));
            addAll(oids, objectClass.getOptionalAttributes(schema, true));
            DITContentRuleDefinition rule = schema.getDITContentRule(objectClass.getOID());
            if (rule != null) {
                addNames(schema, oids, rule.getRequiredAttributes());
                addNames(schema, oids, rule.getOptionalAttributes());
                for (String auxiliary : rule.getAuxiliaryClasses()) {
                    ObjectClassDefinition definition = schema.getObjectClass(auxiliary);
                    if (definition != null) {
                        any |= definition.getOID().equals(EXTENSIBLE_OBJECT);
                        addAll(oids, definition.getRequiredAttributes(schema, true));
                        addAll(oids, definition.getOptionalAttributes(schema, true));
                    }
                }
            }
        }
        return new AllowedAttributes(any, oids);
    }

    boolean permits(AttributeTypeDefinition type) {
        return any || oids.contains(key(type));
    }

    /** Up to three object classes of the schema that allow {@code type}, auxiliary ones first, for a hint. */
    static List<String> classesAllowing(Schema schema, AttributeTypeDefinition type) {
        List<String> auxiliary = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (ObjectClassDefinition objectClass : schema.getObjectClasses()) {
            if (objectClass.getOID().equals(EXTENSIBLE_OBJECT)) {
                continue;
            }
            Set<String> declared = new HashSet<>();
            addAll(declared, objectClass.getRequiredAttributes(schema, false));
            addAll(declared, objectClass.getOptionalAttributes(schema, false));
            if (declared.contains(key(type))) {
                (objectClass.getObjectClassType(schema) == ObjectClassType.AUXILIARY ? auxiliary : others)
                        .add(objectClass.getNameOrOID());
            }
        }
        auxiliary.addAll(others);
        return auxiliary.subList(0, Math.min(3, auxiliary.size()));
    }

    private static void addAll(Set<String> oids, Set<AttributeTypeDefinition> types) {
        types.forEach(t -> oids.add(key(t)));
    }

    private static void addNames(Schema schema, Set<String> oids, String[] names) {
        for (String name : names) {
            AttributeTypeDefinition type = schema.getAttributeType(name);
            if (type != null) {
                oids.add(key(type));
            }
        }
    }

    private static String key(AttributeTypeDefinition type) {
        return type.getOID().toLowerCase(Locale.ROOT);
    }
}
