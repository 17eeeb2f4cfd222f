package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.List;

import com.unboundid.ldap.sdk.RootDSE;

/** The controls and extended operations the bridge cares about, read from the root DSE (RFC 4512 section 5.1). */
final class Capabilities {

    static final String PAGED_RESULTS = "1.2.840.113556.1.4.319";
    static final String SORT = "1.2.840.113556.1.4.473";
    static final String VLV = "2.16.840.1.113730.3.4.9";
    static final String ASSERTION = "1.3.6.1.1.12";
    static final String PRE_READ = "1.3.6.1.1.13.1";
    static final String POST_READ = "1.3.6.1.1.13.2";
    static final String PERMISSIVE_MODIFY = "1.2.840.113556.1.4.1413";
    static final String PASSWORD_MODIFY = "1.3.6.1.4.1.4203.1.11.1";
    static final String START_TLS = "1.3.6.1.4.1.1466.20037";
    static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";

    private Capabilities() {
    }

    /** Every capability in a fixed order; with no root DSE, none is supported. */
    static List<Capability> of(RootDSE rootDse) {
        List<Capability> all = new ArrayList<>();
        boolean sort = control(rootDse, SORT);
        boolean vlv = control(rootDse, VLV);
        all.add(control(rootDse, "simple paged results", PAGED_RESULTS, "snapshot scans read large results page by page",
                "snapshot scans read in one search, capped at paging.maxScan"));
        all.add(control(rootDse, "server-side sort", SORT, vlv ? "sorted VLV pages" : "needed for VLV paging",
                "sorting by the bridge (snapshots)"));
        String paging = vlv && sort ? "paging by VLV: a deep page costs one search"
                : "paging by snapshots (a sorted scan reused across a page walk)";
        all.add(new Capability("virtual list view (VLV)", VLV, false, vlv, paging));
        all.add(control(rootDse, "assertion", ASSERTION, "If-Match enforced atomically by the directory",
                "If-Match checked read-compare-write, serialised in this bridge only"));
        all.add(control(rootDse, "pre-read", PRE_READ, "available (not needed by the bridge)", "not needed by the bridge"));
        all.add(control(rootDse, "post-read", POST_READ, "one round trip per write (post-read)",
                "every write is followed by a read of the entry"));
        all.add(control(rootDse, "permissive modify", PERMISSIVE_MODIFY, "member adds and removes are idempotent in one modify",
                "a member change that hits a present or absent value is retried after one compare per value"));
        all.add(extension(rootDse, "password modify", PASSWORD_MODIFY, "passwords hashed by the directory (password modify)",
                "passwords can only be written as attribute values"));
        all.add(extension(rootDse, "StartTLS", START_TLS, "offered (the bridge encrypts with ldaps:// URLs)",
                "not offered: use ldaps:// URLs"));
        all.add(extension(rootDse, "Who am I", WHO_AM_I, "the bound identity is confirmed by the directory",
                "the bound identity is taken from the configuration"));
        return List.copyOf(all);
    }

    private static Capability control(RootDSE rootDse, String name, String oid, String with, String without) {
        boolean supported = control(rootDse, oid);
        return new Capability(name, oid, false, supported, supported ? with : without);
    }

    private static Capability extension(RootDSE rootDse, String name, String oid, String with, String without) {
        boolean supported = rootDse != null && rootDse.supportsExtendedOperation(oid);
        return new Capability(name, oid, true, supported, supported ? with : without);
    }

    private static boolean control(RootDSE rootDse, String oid) {
        return rootDse != null && rootDse.supportsControl(oid);
    }
}
