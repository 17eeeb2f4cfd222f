package org.scimbridge.mapping.roles;

import java.util.Objects;

import com.unboundid.ldap.sdk.DN;

/**
 * A role materialised as membership in an LDAP role group: the user's DN is a value of the group's member attribute.
 *
 * @param group           the role group's DN, e.g. cn=app-admins,ou=roles,dc=example,dc=com
 * @param memberAttribute the DN-valued attribute holding its members ({@code member}, {@code uniqueMember})
 */
public record GroupGrant(DN group, String memberAttribute) {

    /** The member attribute of groupOfNames (RFC 4519 section 3.5), the usual role group class. */
    public static final String DEFAULT_MEMBER_ATTRIBUTE = "member";

    /** Rejects {@code null} components and an empty member attribute. */
    public GroupGrant {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(memberAttribute, "memberAttribute");
        if (memberAttribute.isEmpty()) {
            throw new IllegalArgumentException("memberAttribute must not be empty");
        }
    }

    /** A grant of membership through {@code member}. */
    public GroupGrant(DN group) {
        this(group, DEFAULT_MEMBER_ATTRIBUTE);
    }
}
