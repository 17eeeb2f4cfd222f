package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * One database of OpenLDAP's {@code cn=config} (slapd-config(5)), as far as the check needs it.
 *
 * @param dn       the config entry, e.g. {@code olcDatabase={1}mdb,cn=config}
 * @param suffixes its olcSuffix values
 * @param rootDns  its olcRootDN: the DN that bypasses access control and limits on it
 * @param indexes  its olcDbIndex values, e.g. {@code uid eq,sub}
 */
record OpenLdapDatabase(String dn, List<DN> suffixes, List<DN> rootDns, List<String> indexes) {

    OpenLdapDatabase {
        suffixes = List.copyOf(suffixes);
        rootDns = List.copyOf(rootDns);
        indexes = List.copyOf(indexes);
    }

    static OpenLdapDatabase of(Entry entry) {
        return new OpenLdapDatabase(entry.getDN(), dns(entry, "olcSuffix"), dns(entry, "olcRootDN"),
                values(entry, "olcDbIndex"));
    }

    /** The database holding {@code base}: the one with the longest suffix at or above it. */
    static Optional<OpenLdapDatabase> holding(List<OpenLdapDatabase> databases, DN base) {
        return databases.stream()
                .filter(d -> d.suffix(base).isPresent())
                .max(Comparator.comparingInt(d -> d.suffix(base).orElseThrow().getRDNs().length));
    }

    /** Its suffix at or above {@code dn}, if any. */
    Optional<DN> suffix(DN dn) {
        return suffixes.stream().filter(s -> dn.isDescendantOf(s, true)).findFirst();
    }

    /** The short name for messages: {@code olcDatabase={1}mdb,cn=config (dc=example,dc=com)}. */
    String describe() {
        return dn + (suffixes.isEmpty() ? "" : " (" + suffixes.getFirst() + ")");
    }

    private static List<String> values(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return values == null ? List.of() : List.of(values);
    }

    private static List<DN> dns(Entry entry, String attribute) {
        List<DN> dns = new ArrayList<>();
        for (String value : values(entry, attribute)) {
            try {
                dns.add(new DN(value));
            } catch (LDAPException e) {
                // slapd would not have accepted it; nothing to compare against
            }
        }
        return dns;
    }
}
