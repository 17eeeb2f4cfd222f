package org.scimbridge.mapping.roles;

import java.util.Objects;
import java.util.Optional;

/**
 * One configured rule: members of the groups {@code when} selects hold the role {@code name}, materialised as an
 * attribute value on the user, membership in a role group, or both.
 *
 * @param name      the role shown as a {@code roles} value of the user (RFC 7643 section 4.1.2); several rules may
 *                  share one name
 * @param when      which SCIM groups confer the role
 * @param attribute the attribute value granted to members, if any
 * @param group     the role group members are put in, if any
 */
public record RoleRule(String name, GroupMatcher when, Optional<AttributeGrant> attribute, Optional<GroupGrant> group) {

    /** Rejects {@code null} components, an empty name and a rule that grants nothing. */
    public RoleRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(group, "group");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a role needs a name");
        }
        if (attribute.isEmpty() && group.isEmpty()) {
            throw new IllegalArgumentException("role '" + name + "' grants neither an attribute value nor a role group");
        }
    }
}
