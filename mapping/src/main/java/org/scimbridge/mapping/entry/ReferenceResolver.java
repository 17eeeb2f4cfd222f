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
}
