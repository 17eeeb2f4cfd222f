package org.scimbridge.mapping.roles;

import java.util.Objects;

/**
 * A role materialised as one value of an attribute on the member user, e.g. {@code employeeType: developer}.
 *
 * @param attribute the LDAP attribute on the user entry
 * @param value     the value the rule grants
 */
public record AttributeGrant(String attribute, String value) {

    /** Rejects {@code null} and empty components. */
    public AttributeGrant {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        if (attribute.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("attribute and value must not be empty");
        }
    }
}
