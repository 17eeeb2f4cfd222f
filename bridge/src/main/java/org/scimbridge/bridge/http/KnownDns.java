package org.scimbridge.bridge.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;

/**
 * The DNs this instance last saw for SCIM ids, so that a member PATCH can go straight to the group's entry instead of
 * searching for it first. A hint, never the truth: the directory stays the only source of truth, other instances and
 * administrators rename and delete entries behind this one's back, so every write through a remembered DN asserts the
 * entry's identity (RFC 4528 assertion control on the immutable id attribute) and a refused assertion or a missing
 * entry sends the request back to the search. Bounded: least recently used ids go first.
 */
final class KnownDns {

    private final Map<String, DN> dns;

    KnownDns(int capacity) {
        this.dns = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DN> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<DN> get(String id) {
        return Optional.ofNullable(dns.get(id));
    }

    synchronized void remember(String id, DN dn) {
        if (id != null) {
            dns.put(id, dn);
        }
    }

    synchronized void forget(String id) {
        dns.remove(id);
    }
}
