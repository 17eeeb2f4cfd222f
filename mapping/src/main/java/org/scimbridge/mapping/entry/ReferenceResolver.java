package org.scimbridge.mapping.entry;

import java.util.Optional;

import com.unboundid.ldap.sdk.DN;

/**
 * Resolves a SCIM id to the DN of a mapped entry, for references such as the enterprise {@code manager}. The bridge
 * implements it with one directory search; the mapper itself stays free of I/O.
 */
@FunctionalInterface
public interface ReferenceResolver {

    /** The DN of the user with this id, or empty when there is none. */
    Optional<DN> userDn(String id);

    /** The DN of the group with this id, or empty when there is none (or groups are not mapped). */
    default Optional<DN> groupDn(String id) {
        return Optional.empty();
    }

    /** The DN of the user or group with this id: group members may be either (RFC 7643 section 4.2). */
    default Optional<DN> memberDn(String id) {
        return userDn(id).or(() -> groupDn(id));
    }
}
