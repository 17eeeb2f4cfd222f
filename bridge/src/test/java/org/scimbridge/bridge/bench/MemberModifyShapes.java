package org.scimbridge.bridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;

import org.scimbridge.bridge.testing.SlapdServer;

/**
 * What each part of the bridge's member PATCH costs the directory on a large group, one part at a time, on one
 * connection: the plain value add/delete, the permissive modify and post-read controls, the placeholder value the bridge
 * put into every member modify before commit 3837a47, and its two lookups. Member values are DNs of entries that need
 * not exist (slapd does not check), so no users are loaded. Usage:
 * {@code MemberModifyShapes [--members N] [--seconds N] [--rounds N]}.
 */
public final class MemberModifyShapes {

    private static final String PLACEHOLDER = "cn=empty-group-placeholder,dc=example,dc=com";
    private static final String[] GROUP_READ_BACK =
            {"cn", "description", "entryUUID", "entryCSN", "createTimestamp", "modifyTimestamp"};

    private MemberModifyShapes() {
    }

    public static void main(String[] args) throws Exception {
        int members = 50_000;
        int seconds = 8;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--members" -> members = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("options: --members N --seconds N --rounds N");
            }
        }
        try (SlapdServer slapd = SlapdServer.start(SlapdServer.Options.defaults()); LDAPConnection ldap = slapd.connect()) {
            String user = Population.userDn(members);
            ldap.add(new Entry(user, List.of(
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    new Attribute("uid", "u%05d".formatted(members)), new Attribute("cn", "x"), new Attribute("sn", "x"))));
            Population.Group group = Population.createGroup(ldap, "large", members);
            String userId = ldap.getEntry(user, "entryUUID").getAttributeValue("entryUUID");
            Resources resources = new Resources(Resources.slapdPid(slapd.directory()));

            Control permissive = new PermissiveModifyRequestControl(false);
            Control postRead = new PostReadRequestControl(GROUP_READ_BACK);
            Map<String, MembershipBenchmark.Step> shapes = new LinkedHashMap<>();
            shapes.put("ADD x / DELETE x (the raw modify)", i -> ldap.modify(modify(group.dn(), user, i, false)));
            shapes.put("+ permissive modify control", i -> ldap.modify(modify(group.dn(), user, i, false, permissive)));
            shapes.put("+ post-read control", i -> ldap.modify(modify(group.dn(), user, i, false, postRead)));
            shapes.put("+ permissive + post-read (the bridge's modify)",
                    i -> ldap.modify(modify(group.dn(), user, i, false, permissive, postRead)));
            shapes.put("+ permissive + post-read + the placeholder (DELETE p on add, ADD p on remove): the bridge before 3837a47",
                    i -> {
                        if (i == 0) { // as in that bridge's alternation: the remove before left the placeholder in
                            Modification placeholder = new Modification(ModificationType.ADD, "member", PLACEHOLDER);
                            ldap.modify(new ModifyRequest(group.dn(), List.of(placeholder), new Control[] {permissive}));
                        }
                        ldap.modify(modify(group.dn(), user, i, true, permissive, postRead));
                    });
            Filter groupById = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "groupOfNames"),
                    Filter.createEqualityFilter("entryUUID", group.id()));
            Filter userById = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                    Filter.createORFilter(Filter.createEqualityFilter("entryUUID", userId)));
            shapes.put("the bridge's group lookup (search by entryUUID, no member)",
                    i -> ldap.search(new SearchRequest(SlapdServer.GROUPS_DN, SearchScope.ONE, groupById, GROUP_READ_BACK)));
            shapes.put("the bridge's member id lookup (search users by entryUUID)",
                    i -> ldap.search(new SearchRequest(SlapdServer.PEOPLE_DN, SearchScope.ONE, userById, "entryUUID", "uid")));

            Map<String, List<double[]>> results = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(shapes.keySet());
            for (int round = 0; round < rounds + 1; round++) { // round 0 warms up
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get(round % 2 == 0 ? k : names.size() - 1 - k);
                    double[] measured = measure(shapes.get(name), seconds * 1_000_000_000L, resources);
                    if (round > 0) {
                        results.computeIfAbsent(name, n -> new ArrayList<>()).add(measured);
                    }
                }
            }
            System.out.printf("%n%,d-member group, %d s per shape, %d rounds (means); even operations add, odd ones remove%n%n",
                    members, seconds, rounds);
            System.out.println("| LDAP operation | ops/s | p50 add (ms) | p50 remove (ms) | slapd CPU (µs/op) |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (String name : names) {
                List<double[]> list = results.get(name);
                System.out.printf("| %s | %,.1f | %.2f | %.2f | %,.0f |%n", name, mean(list, 0), mean(list, 1), mean(list, 2),
                        mean(list, 3));
            }
        }
    }

    private static ModifyRequest modify(String group, String member, int index, boolean placeholder, Control... controls) {
        boolean add = index % 2 == 0;
        List<Modification> mods = new ArrayList<>();
        if (placeholder && !add) {
            mods.add(new Modification(ModificationType.ADD, "member", PLACEHOLDER));
        }
        mods.add(new Modification(add ? ModificationType.ADD : ModificationType.DELETE, "member", member));
        if (placeholder && add) {
            mods.add(new Modification(ModificationType.DELETE, "member", PLACEHOLDER));
        }
        return new ModifyRequest(group, mods, controls);
    }

    /** ops/s, p50 add ms, p50 remove ms, slapd CPU µs per op; always ends on a remove. */
    private static double[] measure(MembershipBenchmark.Step step, long nanos, Resources resources) throws Exception {
        Resources.Reading before = resources.read();
        List<Long> adds = new ArrayList<>();
        List<Long> removes = new ArrayList<>();
        long start = System.nanoTime();
        long now = start;
        int ops = 0;
        while (ops % 2 == 1 || now - start < nanos) {
            try {
                step.run(ops);
            } catch (Exception e) {
                throw new IllegalStateException("operation " + ops + " failed: " + e.getMessage(), e);
            }
            long done = System.nanoTime();
            (ops % 2 == 0 ? adds : removes).add(done - now);
            now = done;
            ops++;
        }
        Resources.Reading cost = resources.read().minus(before);
        return new double[] {ops * 1e9 / (now - start), p50(adds), p50(removes), cost.slapdCpuNanos() / 1e3 / ops};
    }

    private static double p50(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
    }

    private static double mean(List<double[]> list, int column) {
        return list.stream().mapToDouble(r -> r[column]).average().orElse(Double.NaN);
    }
}
