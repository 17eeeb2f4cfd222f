package org.scimbridge.mapping.config;

import org.scimbridge.mapping.schema.CoreSchemas;
import java.util.Locale;

/**
 * The SCIM side of one mapping rule: a schema URN, an attribute, optionally the {@code type} that selects one kind of
 * element of a multi-valued attribute (RFC 7643 section 2.4), and a sub-attribute. For example
 * {@code emails[type eq "work"].value} is {@code (core User, emails, work, value)}.
 */
public record ScimTarget(String schemaUrn, String attribute, String type, String subAttribute) {

    /** A top-level simple attribute such as {@code userName}. */
    public static ScimTarget simple(String schemaUrn, String attribute) {
        return new ScimTarget(schemaUrn, attribute, null, null);
    }

    public boolean isMultiValuedElement() {
        return type != null;
    }

    /** True when both name the same attribute; names are case-insensitive (RFC 7643 section 2.1). */
    public boolean sameAttribute(String urn, String name) {
        return schemaUrn.equalsIgnoreCase(urn) && attribute.equalsIgnoreCase(name);
    }

    /** The path as written in mapping files, e.g. {@code emails[type eq "work"].value}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!schemaUrn.equals(CoreSchemas.USER_URN)
                && !schemaUrn.equals(CoreSchemas.GROUP_URN)) {
            text.append(schemaUrn).append(':');
        }
        text.append(attribute);
        if (type != null) {
            text.append("[type eq \"").append(type).append("\"]");
        }
        if (subAttribute != null) {
            text.append('.').append(subAttribute);
        }
        return text.toString();
    }

    /** A key for case-insensitive maps. */
    public String lowerKey() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
