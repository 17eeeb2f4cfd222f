package org.scimbridge.bridge.check;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * Reads OpenLDAP {@code olcDbIndex} values ({@code <attrlist>|default [pres,eq,approx,sub,...]}, slapd-mdb(5)): an
 * attribute without index types takes those of the {@code default} line, and an index on a supertype serves its
 * subtypes unless it says {@code nosubtypes}.
 */
final class IndexedAttributes {

    private final Schema schema;
    private final List<String> lines;
    private final Set<String> defaults = new HashSet<>();

    IndexedAttributes(Schema schema, List<String> lines) {
        this.schema = schema;
        this.lines = List.copyOf(lines);
        for (String line : lines) {
            String[] tokens = tokens(line);
            if (tokens.length > 1 && tokens[0].equalsIgnoreCase("default")) {
                defaults.addAll(types(tokens[1]));
            }
        }
    }

    /** Whether some line gives {@code attribute} an equality index. */
    boolean hasEquality(String attribute) {
        for (String line : lines) {
            String[] tokens = tokens(line);
            if (tokens.length == 0 || tokens[0].equalsIgnoreCase("default")) {
                continue;
            }
            Set<String> types = tokens.length > 1 ? types(tokens[1]) : defaults;
            if (!types.contains("eq") && !types.contains("equality")) {
                continue;
            }
            for (String indexed : tokens[0].split(",")) {
                if (same(indexed, attribute) || !types.contains("nosubtypes") && isSupertype(indexed, attribute)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean same(String a, String b) {
        return key(a).equals(key(b));
    }

    private boolean isSupertype(String candidate, String attribute) {
        if (schema == null) {
            return false;
        }
        AttributeTypeDefinition type = schema.getAttributeType(attribute);
        String wanted = key(candidate);
        AttributeTypeDefinition superior = type == null ? null : type.getSuperiorType(schema);
        for (AttributeTypeDefinition t = superior; t != null; t = t.getSuperiorType(schema)) {
            if (t.getOID().equalsIgnoreCase(wanted) || List.of(t.getNames()).stream().anyMatch(n -> n.equalsIgnoreCase(wanted))) {
                return true;
            }
        }
        return false;
    }

    /** The OID where the schema knows the name (so aliases such as surname and sn match), else the lower-case name. */
    private String key(String attribute) {
        AttributeTypeDefinition type = schema == null ? null : schema.getAttributeType(attribute.strip());
        return (type == null ? attribute.strip() : type.getOID()).toLowerCase(Locale.ROOT);
    }

    private static String[] tokens(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
    }

    private static Set<String> types(String list) {
        Set<String> types = new HashSet<>();
        for (String type : list.split(",")) {
            types.add(type.strip().toLowerCase(Locale.ROOT));
        }
        return types;
    }
}
