package org.scimbridge.bridge.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;

import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.query.SortSpec;

/**
 * One page of a list request (RFC 7644 section 3.4.2.4) with an exact {@code totalResults} and an order that is the
 * same on every page, using what the directory offers:
 * <ul>
 * <li>server-side sort (RFC 2891) with a virtual list view: the directory sorts, counts and cuts out the page; one
 * search per page, whatever the offset; on OpenLDAP a walk goes from page to page with simple paged results on the
 * same sort instead, which spares slapd finding each offset ({@code SortedCursors}), and VLV answers the pages no
 * such cursor stands at;</li>
 * <li>otherwise a {@link SnapshotLister}: one scan of the matching DNs (with simple paged results, RFC 2696, where
 * offered), sorted in the bridge and kept briefly, so that a client walking the pages costs one scan plus one small
 * search per page.</li>
 * </ul>
 */
final class ResourceLister {

    /** A page: the entries in order, and how many match in all. */
    record Page(long totalResults, List<SearchResultEntry> entries) {
    }

    private static final Logger LOG = Logger.getLogger(ResourceLister.class.getName());

    private final LdapDirectory directory;
    private final ResourceMapping mapping;
    private final Paging.Strategy configured;
    /** Cleared when a directory advertises VLV but ignores it (ApacheDS does); auto mode then uses snapshots. */
    private final AtomicBoolean useVlv;
    private final SnapshotLister snapshots;

    ResourceLister(LdapDirectory directory, ResourceMapping mapping, Paging paging) {
        this.directory = directory;
        this.mapping = mapping;
        boolean vlvOffered = directory.features().vlv() && directory.features().serverSideSort();
        this.configured = paging.strategy();
        this.useVlv = new AtomicBoolean(switch (configured) {
            case AUTO -> vlvOffered;
            case VLV -> true;
            case SNAPSHOT -> false;
        });
        this.snapshots = new SnapshotLister(directory, mapping, paging);
    }

    String strategy() {
        return useVlv.get() ? "vlv" : "snapshot";
    }

    /**
     * @param selective whether the client gave a filter: such lookups usually match a handful of entries and are
     *                  answered by one search ordered in the bridge, without a sort on the directory
     */
    Page list(Filter filter, boolean selective, SortSpec sort, int startIndex, int count, String... attributes) {
        if (useVlv.get()) {
            Page page = vlv(filter, selective, sort, startIndex, count, attributes);
            if (page != null) {
                return page;
            }
        }
        return snapshots.page(filter, sort, startIndex, count, attributes);
    }

    private Page vlv(Filter filter, boolean selective, SortSpec sort, int startIndex, int count, String... attributes) {
        SortKey[] sortKeys = sortKeys(sort);
        if (selective && startIndex == 1) {
            SearchRequest lookup = new SearchRequest(mapping.base().toString(), mapping.scope(), filter, attributes);
            lookup.setSizeLimit(count + 1);
            // The keys only: an IdP's lookup is answered here, and the control's encoding would be wasted on it.
            Optional<SearchResult> small = directory.sortedSearchWithinLimit(lookup, sortKeys);
            if (small.isPresent() && small.get().getEntryCount() <= count) {
                return new Page(small.get().getEntryCount(), small.get().getSearchEntries());
            }
        }
        // Critical: a directory that cannot sort must say so rather than return an unsorted page.
        ServerSideSortRequestControl sortControl = new ServerSideSortRequestControl(true, sortKeys);
        String searchKey = mapping.base() + "|" + filter.toNormalizedString() + "|" + sort;
        SearchRequest sorted = new SearchRequest(mapping.base().toString(), mapping.scope(), filter, attributes);
        sorted.addControl(sortControl);
        Optional<LdapDirectory.SortedPage> continued = directory.sortedPage(searchKey, startIndex, count, sorted);
        if (continued.isPresent()) {
            // The sorted list as the directory keeps it: the entries before this page, this page's (a page short of
            // entries deleted since the sort still counts them, as a virtual list view's content count does), and after.
            List<SearchResultEntry> entries = continued.get().entries();
            long after = continued.get().after();
            return new Page(startIndex - 1L + (after > 0 ? count : entries.size()) + after, entries);
        }
        Optional<SearchResult> answered = vlvPage(searchKey, startIndex == 1, filter, sortControl, startIndex, count, attributes);
        if (answered.isEmpty()) {
            // The directory refuses more sorts (OpenLDAP's olcSssVlvMax counts the sorts kept on every connection): a 503
            // with Retry-After, as for any directory at its capacity. Not a snapshot instead: a snapshot of 100,000
            // entries costs a full scan, and concurrent walks falling back together exhausted the heap in bench/directory.
            throw busy();
        }
        SearchResult result = answered.get();
        VirtualListViewResponseControl response = vlvResponse(result);
        if (response == null) {
            if (configured == Paging.Strategy.VLV) {
                throw ScimException.internal("the directory ignored the virtual list view control; set paging.strategy: snapshot");
            }
            LOG.warning("the directory advertises a virtual list view but ignored it; paging with snapshots from now on");
            useVlv.set(false);
            return null;
        }
        if (startIndex > 1 && count > 0 && (response.getResultCode() != ResultCode.SUCCESS || result.getEntryCount() == 0)) {
            // An offset past the end: OpenLDAP returns no entries and a content count of 0. The page is empty; ask for
            // the total at offset 1, which the kept sort answers without sorting again.
            Optional<SearchResult> total = vlvPage(searchKey, false, filter, sortControl, 1, 0, "1.1");
            if (total.isEmpty()) {
                throw busy();
            }
            response = vlvResponse(total.get());
            return new Page(response == null ? 0 : response.getContentCount(), List.of());
        }
        long total = response.getContentCount();
        if (count == 0 || startIndex > total) {
            return new Page(total, List.of());
        }
        List<SearchResultEntry> entries = result.getSearchEntries();
        return new Page(total, entries.subList(0, Math.min(entries.size(), count)));
    }

    /**
     * @param newWalk a list from startIndex 1 is a new walk: it must see the directory as it is now, so it never continues
     *                a sorted list the directory kept from an earlier walk (which would hide resources created since, and
     *                an IdP that matches by listing, like Ping, would create them again); later pages continue it
     */
    private Optional<SearchResult> vlvPage(String searchKey, boolean newWalk, Filter filter, ServerSideSortRequestControl sortControl,
                                 int startIndex, int count, String... attributes) {
        return directory.vlvSearch(searchKey, kept -> {
            ASN1OctetString context = newWalk ? null : kept;
            SearchRequest request = new SearchRequest(mapping.base().toString(), mapping.scope(), filter, attributes);
            request.addControl(sortControl);
            // Offset-based VLV (draft-ietf-ldapext-ldapv3-vlv): the target is startIndex, then count - 1 after it.
            request.addControl(new VirtualListViewRequestControl(startIndex, 0, Math.max(0, count - 1), 0, context, true));
            return request;
        });
    }

    private static ScimException busy() {
        return ScimException.unavailable("the directory is busy with other sorted lists (its limit on concurrent sorts); "
                + "retry later");
    }

    private static VirtualListViewResponseControl vlvResponse(SearchResult result) {
        try {
            return VirtualListViewResponseControl.get(result);
        } catch (LDAPException e) {
            throw ScimException.internal("the directory's virtual list view response is malformed");
        }
    }

    private static SortKey[] sortKeys(SortSpec sort) {
        SortKey[] keys = new SortKey[sort.keys().size()];
        for (int i = 0; i < keys.length; i++) {
            SortSpec.Key key = sort.keys().get(i);
            keys[i] = new SortKey(key.attribute(), key.orderingRule(), i == 0 && sort.descending());
        }
        return keys;
    }
}
