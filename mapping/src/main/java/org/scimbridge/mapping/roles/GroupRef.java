package org.scimbridge.mapping.roles;

import java.util.Objects;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;

/**
 * A SCIM group as role rules see it: one group a user belongs to, or the old or new form of a group being renamed.
 *
 * @param dn          the group entry's DN
 * @param displayName the group's SCIM {@code displayName}
 * @param externalId  the IdP's identifier for the group, when the mapping keeps one
 */
public record GroupRef(DN dn, String displayName, Optional<String> externalId) {

    /** Rejects {@code null} components. */
    public GroupRef {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(externalId, "externalId");
    }

    /** A group without an externalId. */
    public GroupRef(DN dn, String displayName) {
        this(dn, displayName, Optional.empty());
    }
}
