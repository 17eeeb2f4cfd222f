package org.scimbridge.bridge.http;

import java.util.function.Function;
import java.util.function.Supplier;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

import org.scimbridge.mapping.ScimException;

/**
 * userName (displayName for groups) is unique (RFC 7643 section 4.1.1, uniqueness "server"). A write that takes a name
 * checks that it is free and writes under that name's lock, so that two requests of this instance cannot both pass the
 * check: where the name is not the RDN (Active Directory's cn, a mapping with {@code rdn: cn}) the directory would take
 * two entries with one name. Several instances need the directory's own uniqueness for that (OpenLDAP's {@code unique}
 * overlay, 389-DS attribute uniqueness, AD's UPN uniqueness); its refusal, a constraintViolation, is answered as the
 * check's 409 uniqueness when the name turns out to be taken.
 */
final class UniqueNames {

    private final ResourceLookup lookup;
    private final Function<Entry, String> ids;
    private final String attribute;
    private final EntryLocks locks = new EntryLocks();

    /**
     * @param ids       the SCIM id of an entry
     * @param attribute the SCIM attribute the name is, for error messages: userName or displayName
     */
    UniqueNames(ResourceLookup lookup, Function<Entry, String> ids, String attribute) {
        this.lookup = lookup;
        this.ids = ids;
        this.attribute = attribute;
    }

    /**
     * Runs {@code write} if {@code name} is free or held by {@code ownId} (null for a new resource).
     *
     * @throws ScimException 409 uniqueness when another resource holds the name
     */
    <T> T claim(String name, String ownId, Supplier<T> write) {
        if (name == null) {
            return write.get(); // no name, nothing to claim: the mapping refuses such a resource before it is written
        }
        return locks.withLock(name, () -> {
            requireFree(name, ownId);
            try {
                return write.get();
            } catch (ScimException e) {
                if (e.getCause() instanceof LDAPException refused && refused.getResultCode() == ResultCode.CONSTRAINT_VIOLATION) {
                    requireFree(name, ownId);
                }
                throw e;
            }
        });
    }

    private void requireFree(String name, String ownId) {
        lookup.byName(name).filter(existing -> ownId == null || !ownId.equals(ids.apply(existing))).ifPresent(existing -> {
            throw ScimException.uniqueness(attribute + " '" + name + "' is already taken");
        });
    }
}
