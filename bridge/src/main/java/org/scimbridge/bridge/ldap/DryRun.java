package org.scimbridge.bridge.ldap;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.RDN;

/**
 * Dry run (README "Dry run"): the writes {@link LdapDirectory} would send, described (operation, DN, attribute names,
 * never values) to the collector of the request being served, and answered as the directory would have answered them,
 * computed from a real read. A created entry gets a random id that no later request finds: dry-run ids are not stable.
 */
public final class DryRun {

    /** The collector of the request this thread serves; Helidon SE runs a request's filters and handler on one thread. */
    private static final ThreadLocal<Consumer<String>> COLLECTOR = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<String> idAttributes;

    /** @param idAttributes the mapping's id attributes (entryUUID, objectGUID, ...), which a "created" entry gets */
    public DryRun(Set<String> idAttributes) {
        this.idAttributes = Set.copyOf(idAttributes);
    }

    /** Runs {@code work} with the operations it would write going to {@code collector}. */
    public static void collect(Consumer<String> collector, Runnable work) {
        COLLECTOR.set(collector);
        try {
            work.run();
        } finally {
            COLLECTOR.remove();
        }
    }

    Entry add(Entry entry) {
        would("add", entry.getDN(), entry.getAttributes().stream().map(Attribute::getName).toList());
        Entry created = entry.duplicate();
        for (String id : idAttributes) {
            if (!created.hasAttribute(id)) {
                // objectGUID is 16 octets (MS-ADTS 3.1.1.1.4); the others are UUID strings (RFC 4530).
                created.addAttribute(id.equalsIgnoreCase("objectGUID") ? new Attribute(id, randomBytes())
                        : new Attribute(id, UUID.randomUUID().toString()));
            }
        }
        return created;
    }

    Entry modify(DN dn, List<Modification> modifications, Optional<? extends Entry> current) {
        would("modify", dn.toString(), modifications.stream().map(Modification::getAttributeName).distinct().toList());
        Entry base = current.map(e -> (Entry) e).orElseGet(() -> new Entry(dn));
        try {
            return Entry.applyModifications(base, true, modifications);
        } catch (LDAPException e) {
            return base; // a change the directory would have refused; the answer shows the entry as it is
        }
    }

    Entry rename(DN dn, DN newDn, Optional<? extends Entry> current) {
        would("modifyDN", dn + " to " + newDn, List.of());
        Entry renamed = current.map(e -> ((Entry) e).duplicate()).orElseGet(() -> new Entry(dn));
        RDN oldRdn = dn.getRDN();
        RDN newRdn = newDn.getRDN();
        for (int i = 0; i < oldRdn.getAttributeNames().length; i++) {
            renamed.removeAttributeValue(oldRdn.getAttributeNames()[i], oldRdn.getAttributeValues()[i]);
        }
        for (int i = 0; i < newRdn.getAttributeNames().length; i++) {
            renamed.addAttribute(newRdn.getAttributeNames()[i], newRdn.getAttributeValues()[i]);
        }
        renamed.setDN(newDn);
        return renamed;
    }

    void delete(DN dn) {
        would("delete", dn.toString(), List.of());
    }

    void passwordModify(DN dn) {
        would("passwordModify", dn.toString(), List.of());
    }

    private static void would(String operation, String dn, List<String> attributes) {
        Consumer<String> collector = COLLECTOR.get();
        if (collector != null) {
            collector.accept(operation + " " + dn + (attributes.isEmpty() ? "" : " (" + String.join(",", attributes) + ")"));
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static List<String> withNames(String[] readBack, List<Modification> modifications) {
        List<String> names = new ArrayList<>(Arrays.asList(readBack));
        modifications.forEach(m -> names.add(m.getAttributeName()));
        names.remove("1.1");
        return names;
    }
}
