package org.scimbridge.bridge.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * The DNs this instance last saw for SCIM ids, so that a member PATCH can go straight to the group's entry instead of
 * searching for it first. A hint, never the truth: the directory stays the only source of truth, other instances and
 * administrators rename and delete entries behind this one's back, so every write through a remembered DN asserts the
 * entry's identity (RFC 4528 assertion control on the immutable id attribute) and a refused assertion or a missing
 * entry sends the request back to the search. Bounded: least recently used ids go first. DNs are kept as strings (about
 * 200 bytes an id, against about a kilobyte for a parsed DN), so 100,000 users' DNs stay near 20 MB.
 */
final class KnownDns {

    private final Map<String, String> dns;

    KnownDns(int capacity) {
        this.dns = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    Optional<DN> get(String id) {
        String dn;
        synchronized (this) {
            dn = dns.get(id);
        }
        try {
            return dn == null ? Optional.empty() : Optional.of(new DN(dn));
        } catch (LDAPException e) {
            return Optional.empty(); // never: the string came from a DN the directory returned
        }
    }

    synchronized void remember(String id, String dn) {
        if (id != null && dn != null) {
            dns.put(id, dn);
        }
    }

    synchronized void forget(String id) {
        dns.remove(id);
    }
}
