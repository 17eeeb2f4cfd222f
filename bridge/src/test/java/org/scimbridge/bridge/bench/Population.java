package org.scimbridge.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The directory the benchmark measures: users {@code uid=u00000...} under ou=people, the two groupOfNames groups under
 * ou=groups (members u00000 onwards), and {@value #OUTSIDERS} users beyond the larger group whose values the phases add
 * and remove.
 */
final class Population {

    static final int OUTSIDERS = 10;
    private static final int LOADERS = 4;
    private static final int MEMBERS_PER_MODIFY = 5_000;

    /** A user the phases add to a group and remove again: its DN (raw modify) and SCIM id (PATCH). */
    record Outsider(String dn, String id) {
    }

    /** A benchmarked group: its DN, SCIM id and member count. */
    record Group(String name, String dn, String id, int members) {
    }

    private Population() {
    }

    static String userDn(int n) {
        return "uid=" + uid(n) + "," + SlapdServer.PEOPLE_DN;
    }

    private static String uid(int n) {
        return "u%05d".formatted(n);
    }

    /**
     * Adds users u00000 .. u(count-1) with {@value #LOADERS} connections, printing progress. cn and sn are as short as
     * the uid: SlapdServer indexes both for substrings, and every key costs the load time.
     */
    static void loadUsers(LDAPConnectionPool pool, int count) throws Exception {
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService loaders = Executors.newFixedThreadPool(LOADERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < LOADERS; t++) {
                int first = t;
                futures.add(loaders.submit(() -> {
                    for (int n = first; n < count; n += LOADERS) {
                        pool.add(new Entry(userDn(n), List.of(
                                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                                new Attribute("uid", uid(n)), new Attribute("cn", uid(n)), new Attribute("sn", uid(n)))));
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            loaders.shutdown();
            while (!loaders.awaitTermination(5, TimeUnit.SECONDS)) {
                progress("users", done.get(), count, start);
            }
            for (Future<?> future : futures) {
                future.get(); // rethrows a loader's failure
            }
        } finally {
            loaders.shutdownNow();
        }
        progress("users", done.get(), count, start);
    }

    /**
     * Creates a groupOfNames with members u00000 .. u(members-1): the entry with the first chunk, then modify adds of
     * {@value #MEMBERS_PER_MODIFY} values each (slapd handles such modifies in about a second on a large group).
     */
    static Group createGroup(LDAPInterface admin, String name, int members) throws LDAPException {
        String dn = "cn=" + name + "," + SlapdServer.GROUPS_DN;
        long start = System.nanoTime();
        admin.add(new Entry(dn, List.of(new Attribute("objectClass", "top", "groupOfNames"), new Attribute("cn", name),
                new Attribute("member", memberDns(0, Math.min(members, MEMBERS_PER_MODIFY))))));
        for (int from = MEMBERS_PER_MODIFY; from < members; from += MEMBERS_PER_MODIFY) {
            String[] chunk = memberDns(from, Math.min(members, from + MEMBERS_PER_MODIFY));
            admin.modify(dn, new Modification(ModificationType.ADD, "member", chunk));
            progress("group " + name, from + MEMBERS_PER_MODIFY, members, start);
        }
        return new Group(name, dn, entryUuid(admin, dn), members);
    }

    /** The users beyond {@code firstFree}: none of them is a member of any group. */
    static List<Outsider> outsiders(LDAPInterface admin, int firstFree) throws LDAPException {
        List<Outsider> outsiders = new ArrayList<>();
        for (int n = firstFree; n < firstFree + OUTSIDERS; n++) {
            outsiders.add(new Outsider(userDn(n), entryUuid(admin, userDn(n))));
        }
        return outsiders;
    }

    /** How many member values the group holds now, and whether any outsider is among them. */
    static String census(LDAPInterface admin, Group group, List<Outsider> outsiders, String placeholder) throws LDAPException {
        SearchResultEntry entry = admin.getEntry(group.dn(), "member");
        String[] values = entry.getAttributeValues("member");
        int count = values == null ? 0 : values.length;
        boolean hasPlaceholder = admin.compare(group.dn(), "member", placeholder).compareMatched();
        long outsidersIn = 0;
        for (Outsider outsider : outsiders) {
            if (admin.compare(group.dn(), "member", outsider.dn()).compareMatched()) {
                outsidersIn++;
            }
        }
        return "%,d member values (%s placeholder), %d of %d outsiders left in".formatted(count,
                hasPlaceholder ? "incl. the" : "no", outsidersIn, outsiders.size());
    }

    private static String entryUuid(LDAPInterface admin, String dn) throws LDAPException {
        SearchResultEntry entry = admin.searchForEntry(dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"),
                "entryUUID");
        if (entry == null || entry.getAttributeValue("entryUUID") == null) {
            throw new IllegalStateException(dn + " has no entryUUID");
        }
        return entry.getAttributeValue("entryUUID");
    }

    private static String[] memberDns(int from, int to) {
        String[] dns = new String[to - from];
        for (int n = from; n < to; n++) {
            dns[n - from] = userDn(n);
        }
        return dns;
    }

    private static void progress(String what, int done, int total, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("  %s: %,d / %,d (%.0f s, %,.0f/s)%n", what, Math.min(done, total), total, seconds,
                done / Math.max(seconds, 1e-3));
    }
}
