package org.scimbridge.bridge.http;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.StaticUtils;

import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.ResourceLister.Page;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.query.SortSpec;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/**
 * Paging for directories without a virtual list view: the DNs matching the filter are scanned once (only the sort
 * attributes are read, with simple paged results where offered), sorted, and kept for a short time, so that a client
 * walking {@code startIndex=1,101,201,...} costs one scan plus one search per page, with an exact total and a stable
 * order. The scan is bounded by {@code paging.maxScan}; beyond it the request is {@code 400 tooMany}.
 */
final class SnapshotLister {

    private static final int CACHED_SNAPSHOTS = 8;

    /**
     * DNs as the directory wrote them, parsed again page by page: 100,000 parsed {@link DN}s take ~126 MB of heap, their
     * strings ~10 MB, and up to {@value #CACHED_SNAPSHOTS} snapshots are kept.
     */
    private record Snapshot(List<String> dns, Instant created) {
    }

    private record Scanned(String dn, String normalizedDn, String[] values) {
    }

    private final LdapDirectory directory;
    private final ResourceMapping mapping;
    private final Paging paging;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Snapshot> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
            return size() > CACHED_SNAPSHOTS;
        }
    };

    SnapshotLister(LdapDirectory directory, ResourceMapping mapping, Paging paging) {
        this.directory = directory;
        this.mapping = mapping;
        this.paging = paging;
    }

    Page page(Filter filter, SortSpec sort, int startIndex, int count, String... attributes) {
        // A new walk (startIndex 1) always scans afresh; later pages reuse the walk's snapshot while it is fresh.
        String key = filter.toNormalizedString() + "|" + sort;
        Snapshot snapshot = startIndex == 1 ? null : cached(key);
        if (snapshot == null) {
            snapshot = new Snapshot(scan(filter, sort), Instant.now(clock));
            synchronized (cache) {
                cache.put(key, snapshot);
            }
        }
        List<String> dns = snapshot.dns();
        if (count == 0 || startIndex > dns.size()) {
            return new Page(dns.size(), List.of());
        }
        List<String> pageDns = dns.subList(startIndex - 1, Math.min(dns.size(), startIndex - 1 + count));
        return new Page(dns.size(), fetch(filter, pageDns, attributes));
    }

    private Snapshot cached(String key) {
        synchronized (cache) {
            Snapshot snapshot = cache.get(key);
            if (snapshot != null && snapshot.created().plus(paging.snapshotTtl()).isAfter(Instant.now(clock))) {
                return snapshot;
            }
            cache.remove(key);
            return null;
        }
    }

    private List<String> scan(Filter filter, SortSpec sort) {
        // Every page of the scan on the connection that holds its paged results cookie.
        return directory.onOneConnection(connection -> scan(connection, filter, sort));
    }

    private List<String> scan(LdapDirectory directory, Filter filter, SortSpec sort) {
        String[] sortAttributes = sort.keys().stream().map(SortSpec.Key::attribute).toArray(String[]::new);
        List<Scanned> scanned = new ArrayList<>();
        ASN1OctetString cookie = null;
        do {
            SearchRequest request = new SearchRequest(mapping.base().toString(), mapping.scope(), filter, sortAttributes);
            if (directory.features().pagedResults()) {
                request.addControl(new SimplePagedResultsControl(paging.scanPageSize(), cookie, false));
            } else {
                request.setSizeLimit(paging.maxScan() + 1);
            }
            SearchResult result = directory.search(request);
            for (SearchResultEntry entry : result.getSearchEntries()) {
                String[] values = new String[sortAttributes.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = entry.getAttributeValue(sortAttributes[i]);
                }
                scanned.add(new Scanned(entry.getDN(), ResourceLookup.parsedDn(entry).toNormalizedString(), values));
            }
            if (scanned.size() > paging.maxScan()) {
                throw ScimException.tooMany("the filter matches more than " + paging.maxScan()
                        + " resources, more than this directory can page through without a virtual list view; narrow it");
            }
            cookie = nextCookie(result);
        } while (cookie != null);
        scanned.sort(comparator(sort));
        return scanned.stream().map(Scanned::dn).toList();
    }

    private static ASN1OctetString nextCookie(SearchResult result) {
        try {
            SimplePagedResultsControl control = SimplePagedResultsControl.get(result);
            return control != null && control.moreResultsToReturn() ? control.getCookie() : null;
        } catch (LDAPException e) {
            throw ScimException.internal("the directory's paged results response is malformed");
        }
    }

    /** Values compare as the directory would: case-insensitively, dates as instants; entries lacking a value go last. */
    private static Comparator<Scanned> comparator(SortSpec sort) {
        Comparator<Scanned> order = null;
        for (int i = 0; i < sort.keys().size(); i++) {
            int index = i;
            Type type = sort.keys().get(i).type();
            Comparator<Scanned> byKey = Comparator.comparing((Scanned s) -> sortable(s.values()[index], type),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            if (i == 0 && sort.descending()) {
                byKey = Comparator.comparing((Scanned s) -> sortable(s.values()[index], type),
                        Comparator.nullsLast(Comparator.<String>reverseOrder()));
            }
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        return order.thenComparing(Scanned::normalizedDn);
    }

    private static String sortable(String value, Type type) {
        if (value == null) {
            return null;
        }
        if (type == Type.DATE_TIME) {
            try {
                return String.format(Locale.ROOT, "%020d", StaticUtils.decodeGeneralizedTime(value).getTime());
            } catch (ParseException e) {
                return value;
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** The page's entries in one search: the filter AND the page's RDNs; then put back into snapshot order. */
    private List<SearchResultEntry> fetch(Filter filter, List<String> pageDnStrings, String... attributes) {
        List<DN> pageDns = pageDnStrings.stream().map(SnapshotLister::parse).toList();
        List<Filter> names = new ArrayList<>();
        for (DN dn : pageDns) {
            RDN rdn = dn.getRDN();
            List<Filter> parts = new ArrayList<>();
            for (int i = 0; i < rdn.getAttributeNames().length; i++) {
                parts.add(Filter.createEqualityFilter(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i]));
            }
            names.add(parts.size() == 1 ? parts.getFirst() : Filter.createANDFilter(parts));
        }
        Map<DN, SearchResultEntry> found = new HashMap<>();
        Filter pageFilter = Filter.createANDFilter(filter, Filter.createORFilter(names));
        for (SearchResultEntry entry : directory.search(mapping.base(), mapping.scope(), pageFilter, pageDns.size() * 2 + 1,
                attributes)) {
            found.put(ResourceLookup.parsedDn(entry), entry);
        }
        // Entries deleted since the scan are simply missing: RFC 7644 section 3.4.2.4 promises no repeatable pages.
        return pageDns.stream().map(found::get).filter(e -> e != null).toList();
    }

    private static DN parse(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalStateException("the directory returned an unparseable DN: " + dn, e);
        }
    }
}
