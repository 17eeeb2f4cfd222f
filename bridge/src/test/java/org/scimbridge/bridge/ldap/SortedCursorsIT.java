package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.ldap.LdapDirectory.SortedPage;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Sorted page walks on slapd's sssvlv with simple paged results: a walk goes on from page to page on the connection
 * that keeps its sort, every page says exactly how many entries follow, pages no cursor stands at are left to VLV, and
 * cursors nobody continues are dropped with their connections, which frees the sorts slapd keeps for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SortedCursorsIT {

    private static final int ENTRIES = 250;

    private final SlapdServer slapd = SlapdServer.shared();
    private final DN folder = new DN(new RDN("ou", "sorted-cursors-" + UUID.randomUUID()), parse(SlapdServer.BASE_DN));
    private final List<String> sortedUids = new ArrayList<>();

    @BeforeAll
    void seed() throws Exception {
        try (LDAPConnection admin = slapd.connect()) {
            admin.add(folder.toString(), List.of(new Attribute("objectClass", "organizationalUnit")));
            for (int n = ENTRIES - 1; n >= 0; n--) { // added in reverse: the walk's order comes from the sort
                String uid = "c%03d".formatted(n);
                admin.add("dn: uid=" + uid + "," + folder, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid, "sn: s");
            }
        }
        for (int n = 0; n < ENTRIES; n++) {
            sortedUids.add("c%03d".formatted(n));
        }
    }

    @AfterAll
    void removeSeeded() throws Exception {
        try (LDAPConnection admin = slapd.connect()) {
            for (String uid : sortedUids) {
                admin.delete("uid=" + uid + "," + folder);
            }
            admin.delete(folder.toString());
        }
    }

    @Test
    void slapdWithSssvlvCountsWhatRemainsOfASortedPagedSearch() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 1)) {
            assertTrue(DirectoryFeatures.detect(pool).remainingInSortedPages());
        }
    }

    @Test
    void aWalkGoesOnFromPageToPageAndEveryPageSaysHowManyFollow() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 8)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 2);
            int available = pool.getCurrentAvailableConnections();
            List<String> walked = new ArrayList<>();
            for (int start = 1; start <= ENTRIES; start += 100) {
                SortedPage page = cursors.page("walk", start, 100, sortedByUid()).orElseThrow(() -> new AssertionError(
                        "no cursor answered"));
                assertEquals(Math.max(0, ENTRIES - (start - 1) - 100), page.after(), "after the page from " + start);
                page.entries().forEach(e -> walked.add(e.getAttributeValue("uid")));
            }
            assertEquals(sortedUids, walked);
            assertEquals(available, pool.getCurrentAvailableConnections(), "the last page gave its connection back");
            cursors.close();
        }
    }

    @Test
    void aSearchMatchingNothingIsOneEmptyPageWithNothingAfter() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 8)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 2);
            int available = pool.getCurrentAvailableConnections();
            SearchRequest none = sortedByUid();
            none.setFilter(Filter.createEqualityFilter("uid", "nobody"));
            SortedPage page = cursors.page("none", 1, 100, none).orElseThrow();
            assertEquals(List.of(), page.entries());
            assertEquals(0, page.after());
            assertEquals(available, pool.getCurrentAvailableConnections(), "nothing parked");
            cursors.close();
        }
    }

    @Test
    void aPageNoCursorStandsAtIsLeftToTheVirtualListView() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 8)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 2);
            assertEquals(Optional.empty(), cursors.page("jump", 101, 100, sortedByUid()), "no walk reached 101");
            assertTrue(cursors.page("jump", 1, 100, sortedByUid()).isPresent());
            assertEquals(Optional.empty(), cursors.page("jump", 101, 50, sortedByUid()), "another count");
            assertEquals(Optional.empty(), cursors.page("other", 101, 100, sortedByUid()), "another search");
            assertEquals(List.of("c100", "c101"), uids(cursors.page("jump", 101, 100, sortedByUid()).orElseThrow()
                    .entries().subList(0, 2)));
            cursors.close();
        }
    }

    /**
     * Walks abandoned after their first page, more of them than slapd keeps sorts for (its olcSssVlvMax): each expired
     * cursor is dropped at the next request with its connection, so a new walk always finds room, here and in slapd.
     */
    @Test
    void cursorsNobodyContinuesAreDroppedWithTheSortsSlapdKeepsForThem() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 4)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMillis(100), SortedCursors.IDLE, 1);
            for (int walk = 0; walk < 12; walk++) {
                assertTrue(cursors.page("abandoned-" + walk, 1, 10, sortedByUid()).isPresent(), "walk " + walk);
                Thread.sleep(150);
            }
            cursors.close();
        }
    }

    /** A one-page list (an IdP's connection test) leaves a cursor nobody continues; a new walk takes its place. */
    @Test
    void aNewWalkTakesThePlaceOfTheCursorThatWaitedLongest() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 4)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 1);
            assertTrue(cursors.page("probe", 1, 1, sortedByUid()).isPresent());
            assertTrue(cursors.page("walk", 1, 100, sortedByUid()).isPresent(), "the only place, taken from the probe");
            assertFalse(cursors.page("probe", 2, 1, sortedByUid()).isPresent(), "the probe's cursor is gone");
            assertTrue(cursors.page("walk", 101, 100, sortedByUid()).isPresent());
            cursors.close();
        }
    }

    @Test
    void aCursorIdleForLongerThanItsLimitIsDropped() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 8)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), Duration.ofMillis(100), 2);
            assertTrue(cursors.page("slow", 1, 10, sortedByUid()).isPresent());
            assertTrue(cursors.page("slow", 11, 10, sortedByUid()).isPresent(), "asked at once: continued");
            Thread.sleep(150);
            assertFalse(cursors.page("slow", 21, 10, sortedByUid()).isPresent(), "asked after the idle limit: VLV");
            cursors.close();
        }
    }

    /**
     * slapd keeps up to 5 VLV sorts per connection (olcSssVlvMaxPerConn) and refuses a 6th as busy; a pooled connection
     * full of earlier pages' sorts is replaced, and the walk starts on the new one.
     */
    @Test
    void aNewWalkRefusedAsBusyStartsOnAFreshConnection() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 1, 4)) {
            LDAPConnection full = pool.getConnection();
            for (int sort = 0; sort < 5; sort++) {
                SearchRequest vlv = sortedByUid();
                vlv.addControl(new VirtualListViewRequestControl(1, 0, 0, 0, null, true));
                full.search(vlv);
            }
            pool.releaseConnection(full);
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 1);
            SortedPage page = cursors.page("after-vlv", 1, 100, sortedByUid()).orElseThrow(() -> new AssertionError(
                    "the walk fell back to VLV"));
            assertEquals(sortedUids.subList(0, 100), uids(page.entries()));
            cursors.close();
        }
    }

    /**
     * slapd caps the sorts it keeps across all connections (olcSssVlvMax); a parked cursor holds one. When that cap
     * refuses a VLV page even on a fresh connection, the cursors go first and the page is answered.
     */
    @Test
    void aVirtualListViewPageRefusedAtTheDirectorysCapDropsTheCursors() throws Exception {
        List<LDAPConnection> others = new ArrayList<>();
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 4)) {
            LdapDirectory directory = new LdapDirectory(pool, DirectoryFeatures.detect(pool), Duration.ofMinutes(1),
                    LdapDirectory.DEFAULT_RETRY_AFTER, 1);
            assertTrue(directory.sortedPage("held", 1, 10, sortedByUid()).isPresent(), "a cursor holds one sort");
            // Other clients take every other sort slapd allows, four per connection (under its per-connection cap).
            boolean full = false;
            for (int client = 0; client < SlapdServer.SHARED_SORT_CAP / 4 + 2 && !full; client++) {
                LDAPConnection other = slapd.connect();
                others.add(other);
                for (int sort = 0; sort < 4 && !full; sort++) {
                    try {
                        other.search(vlvPage(1));
                    } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
                        assertEquals(com.unboundid.ldap.sdk.ResultCode.BUSY, e.getResultCode(), e.getMessage());
                        full = true;
                    }
                }
            }
            assertTrue(full, "slapd's cap on kept sorts reached");
            Optional<com.unboundid.ldap.sdk.SearchResult> page = directory.vlvSearch("vlv", context -> vlvPage(1));
            assertTrue(page.isPresent(), "answered once the cursor's sort was freed");
            assertEquals(List.of("c000"), uids(page.get().getSearchEntries()));
            assertFalse(directory.sortedPage("held", 11, 10, sortedByUid()).isPresent(), "the cursor is gone");
            directory.releaseHeldConnections();
        } finally {
            others.forEach(LDAPConnection::close);
        }
    }

    private SearchRequest vlvPage(int offset) {
        SearchRequest vlv = sortedByUid();
        vlv.addControl(new VirtualListViewRequestControl(offset, 0, 0, 0, null, true));
        return vlv;
    }

    @Test
    void noCursorsConfiguredOrNoPoolKeepsNoCursor() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 8);
             LDAPConnection single = slapd.connect()) {
            assertFalse(new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 0).page("off", 1, 10, sortedByUid()).isPresent());
            assertFalse(new SortedCursors(single, Duration.ofMinutes(1), SortedCursors.IDLE, 2).page("single", 1, 10, sortedByUid()).isPresent());
        }
    }

    /**
     * The pool is {@code poolSize + maxCursors} ({@link LdapPools}); walks park at most {@code maxCursors} of it, so the
     * {@code poolSize} connections configured for everything else stay available however many walks wait.
     */
    @Test
    void parkedWalksLeaveThePoolSizeToOtherRequests() throws Exception {
        int poolSize = 3;
        int maxCursors = 2;
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 1, poolSize + maxCursors)) {
            pool.setCreateIfNecessary(false);
            pool.setMaxWaitTimeMillis(0);
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, maxCursors);
            for (int walk = 0; walk < 4; walk++) {
                assertTrue(cursors.page("walk-" + walk, 1, 10, sortedByUid()).isPresent(), "walk " + walk);
            }
            assertFalse(cursors.page("walk-0", 11, 10, sortedByUid()).isPresent(), "the first walk gave its place up");
            assertFalse(cursors.page("walk-1", 11, 10, sortedByUid()).isPresent(), "so did the second");
            List<LDAPConnection> others = new ArrayList<>();
            try {
                for (int n = 0; n < poolSize; n++) {
                    others.add(pool.getConnection()); // refused at once if the walks held any of these
                }
            } finally {
                others.forEach(pool::releaseConnection);
            }
            assertTrue(cursors.page("walk-3", 11, 10, sortedByUid()).isPresent(), "the newest walks go on");
            cursors.close();
        }
    }

    private SearchRequest sortedByUid() {
        SearchRequest request = new SearchRequest(folder.toString(), SearchScope.ONE,
                Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "uid");
        // uid has no ORDERING rule in the core schema: the key names one, as the bridge does
        request.addControl(new ServerSideSortRequestControl(true, new SortKey("uid", "caseIgnoreOrderingMatch", false)));
        return request;
    }

    private static List<String> uids(List<SearchResultEntry> entries) {
        return entries.stream().map(e -> e.getAttributeValue("uid")).toList();
    }

    private static DN parse(String dn) {
        try {
            return new DN(dn);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
