package org.scimbridge.bridge.ldap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

import org.scimbridge.bridge.ldap.LdapDirectory.SortedPage;

/**
 * Page walks of a sorted list without virtual list view offsets. OpenLDAP's sssvlv overlay finds a VLV offset by
 * stepping through its sorted tree from the nearer end, so every page of a 100,000-entry walk cost slapd ~1.6 ms more
 * than a page of a plain paged search (bench/directory). With the simple paged results control (RFC 2696) on top of
 * server-side sort (RFC 2891), sssvlv sorts once, continues from where the last page ended, and answers each page with
 * the exact number of entries still to come, which gives SCIM's {@code totalResults} (RFC 7644 section 3.4.2.4).
 * <p>The cookie belongs to the connection that received it, so between two pages the connection is set aside
 * ("parked") for the page that will follow: the same search, from the index after this page, with the same count. A
 * request that continues no parked cursor (another instance's walk, a jump, a changed count, a cursor older than
 * {@code keepFor}) gets empty here and a VLV page from the caller, in the same order: both come from the same sort.
 * At most {@code maxCursors} connections are parked ({@code paging.maxCursors}); the pool is made that much larger than
 * {@code directory.poolSize} ({@link LdapPools}), so parked walks never leave other requests with fewer connections
 * than configured. A new walk without room takes the place of the cursor that waited longest. A cursor nobody
 * continued within {@code idle} ({@link #IDLE}) is dropped with its connection, which is what makes slapd free the
 * sorted list it keeps: a one-page list (an IdP's connection test,
 * {@code GET /Users?count=1}) must not hold a place that walks need for as long as a walk may last.
 * <p>Only for directories that count what remains ({@link DirectoryFeatures#remainingInSortedPages()}); others return
 * an estimate or nothing there, and keep using VLV. Opt-in ({@code paging.sortedCursors}): so far it has run beside
 * VLV at slapd's caps only in short benchmark and fuzz runs (config/README.md, "Paging").
 */
final class SortedCursors implements AutoCloseable {

    /** How long a parked cursor waits for its next page: walks ask for it at once, a client reading slowly gets VLV. */
    static final Duration IDLE = Duration.ofSeconds(5);

    private record Cursor(LDAPConnection connection, ASN1OctetString cookie, Instant created, Instant parked) {
    }

    private final LDAPConnectionPool pool;
    private final Duration keepFor;
    private final Duration idle;
    private final int maxParked;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Deque<Cursor>> waiting = new HashMap<>();
    private int parked;

    /**
     * @param ldap       cursors are kept only over a pool; otherwise every walk uses VLV
     * @param keepFor    how long a walk may go on with the sort of its first page (its snapshot)
     * @param idle       how long a cursor waits for its next page
     * @param maxCursors how many connections may wait for their walks' next pages at once; 0 keeps no cursor
     */
    SortedCursors(LDAPInterface ldap, Duration keepFor, Duration idle, int maxCursors) {
        this.pool = maxCursors > 0 && ldap instanceof LDAPConnectionPool p ? p : null;
        this.keepFor = keepFor;
        this.idle = idle;
        this.maxParked = pool == null ? 0 : maxCursors;
    }

    /**
     * The page of {@code sorted} (which carries the sort control) from {@code startIndex}, {@code count} entries: a new
     * cursor from index 1, a parked cursor's next page otherwise; empty when this cannot be answered by a cursor.
     */
    Optional<SortedPage> page(String searchKey, int startIndex, int count, SearchRequest sorted) {
        if (maxParked == 0 || count <= 0 || startIndex < 1) {
            return Optional.empty();
        }
        dropExpired();
        Cursor cursor;
        if (startIndex == 1) {
            Cursor evicted = null;
            synchronized (waiting) {
                if (parked >= maxParked) {
                    // A new walk takes the place of the cursor that waited longest: most likely a walk its client gave
                    // up (a benchmark's warm-up, an import cancelled and started again); were it still going, it goes on
                    // with VLV.
                    evicted = longestWaiting();
                }
            }
            if (evicted != null) {
                pool.releaseDefunctConnection(evicted.connection());
            }
            try {
                Instant now = Instant.now(clock);
                cursor = new Cursor(pool.getConnection(), null, now, now);
            } catch (LDAPException e) {
                return Optional.empty(); // the VLV path meets the same failure and reports it
            }
        } else {
            cursor = take(key(searchKey, startIndex, count));
            if (cursor == null) {
                return Optional.empty();
            }
        }
        return next(cursor, key(searchKey, startIndex + count, count), count, sorted);
    }

    private Optional<SortedPage> next(Cursor cursor, String nextKey, int count, SearchRequest sorted) {
        SearchRequest request = sorted.duplicate();
        request.addControl(new SimplePagedResultsControl(count, cursor.cookie(), true));
        SearchResult result;
        SimplePagedResultsControl response;
        try {
            try {
                result = searchRetryingBusyContinuation(cursor, request);
            } catch (LDAPException e) {
                if (cursor.cookie() != null || e.getResultCode() != ResultCode.BUSY) {
                    throw e;
                }
                // A new walk refused as busy: the pooled connection may keep the sorts of earlier VLV pages, which
                // count against slapd's caps. A new connection frees them; one retry, as VlvSearches does.
                LDAPConnection fresh;
                try {
                    fresh = pool.replaceDefunctConnection(cursor.connection());
                } catch (LDAPException noNewConnection) {
                    return Optional.empty(); // the old connection is gone already; the VLV path reports the failure
                }
                cursor = new Cursor(fresh, null, cursor.created(), cursor.parked());
                result = cursor.connection().search(request);
            }
            response = SimplePagedResultsControl.get(result);
        } catch (LDAPException | RuntimeException e) {
            // busy (the directory's cap on sorts), a lost cursor, a broken connection: the VLV path answers instead. The
            // connection goes, and with it whatever the directory kept on it.
            pool.releaseDefunctConnection(cursor.connection());
            return Optional.empty();
        }
        if (response == null) {
            pool.releaseDefunctConnection(cursor.connection());
            return Optional.empty();
        }
        boolean more = response.moreResultsToReturn();
        long after = more ? Math.max(0, response.getSize()) : 0;
        if (!more) {
            pool.releaseConnection(cursor.connection()); // the directory freed the sort with the last page
        } else if (!park(nextKey, new Cursor(cursor.connection(), response.getCookie(), cursor.created(),
                Instant.now(clock)))) {
            pool.releaseDefunctConnection(cursor.connection()); // frees the sort the directory keeps for it
        }
        return Optional.of(new SortedPage(result.getSearchEntries(), after));
    }

    /**
     * The page; a continuation refused as busy is asked again, up to three times, a millisecond apart. sssvlv sends a
     * page's result before it marks the sort as no longer running, so a client that asks for the next page at once can
     * meet its own sort still "running" and get busy (bench/directory met it several times a minute); the cursor is
     * intact, and losing it would leave the rest of the walk to VLV.
     */
    private static SearchResult searchRetryingBusyContinuation(Cursor cursor, SearchRequest request) throws LDAPException {
        for (int attempt = 1; ; attempt++) {
            try {
                return cursor.connection().search(request);
            } catch (LDAPException e) {
                if (cursor.cookie() == null || e.getResultCode() != ResultCode.BUSY || attempt == 4) {
                    throw e;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String key(String searchKey, int startIndex, int count) {
        return searchKey + '\u0000' + startIndex + '/' + count;
    }

    private Cursor take(String key) {
        synchronized (waiting) {
            return waiting.containsKey(key) ? unpark(key) : null;
        }
    }

    /** Removes and returns the cursor that waited longest under {@code key}; called holding {@code waiting}. */
    private Cursor unpark(String key) {
        Deque<Cursor> cursors = waiting.get(key);
        Cursor cursor = cursors.pollFirst();
        if (cursors.isEmpty()) {
            waiting.remove(key);
        }
        parked--;
        return cursor;
    }

    /** Removes and returns the cursor parked longest ago; called holding {@code waiting}. */
    private Cursor longestWaiting() {
        Map.Entry<String, Deque<Cursor>> oldest = null;
        for (Map.Entry<String, Deque<Cursor>> entry : waiting.entrySet()) {
            // Each deque is in parking order: its first cursor waited longest.
            if (oldest == null || entry.getValue().peekFirst().parked().isBefore(oldest.getValue().peekFirst().parked())) {
                oldest = entry;
            }
        }
        return oldest == null ? null : unpark(oldest.getKey());
    }

    private boolean park(String key, Cursor cursor) {
        synchronized (waiting) {
            if (parked >= maxParked) {
                return false;
            }
            waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(cursor);
            parked++;
            return true;
        }
    }

    /** Cursors idle for {@code idle} or older than {@code keepFor}: their walks stopped or are slow; their connections go. */
    private void dropExpired() {
        List<Cursor> expired = new ArrayList<>();
        Instant now = Instant.now(clock);
        Instant oldest = now.minus(keepFor);
        Instant idleSince = now.minus(idle);
        synchronized (waiting) {
            for (Iterator<Deque<Cursor>> lists = waiting.values().iterator(); lists.hasNext(); ) {
                Deque<Cursor> cursors = lists.next();
                for (Iterator<Cursor> it = cursors.iterator(); it.hasNext(); ) {
                    Cursor cursor = it.next();
                    if (cursor.created().isBefore(oldest) || cursor.parked().isBefore(idleSince)) {
                        it.remove();
                        parked--;
                        expired.add(cursor);
                    }
                }
                if (cursors.isEmpty()) {
                    lists.remove();
                }
            }
        }
        expired.forEach(cursor -> pool.releaseDefunctConnection(cursor.connection()));
    }

    /**
     * Drops every parked cursor with its connection, which frees the sorts the directory keeps for them: a VLV page
     * refused as busy (slapd's cap on sorts counts these too) is answered before walks that can go on with VLV.
     *
     * @return how many were dropped
     */
    int dropAll() {
        List<Cursor> all = unparkAll();
        all.forEach(cursor -> pool.releaseDefunctConnection(cursor.connection()));
        return all.size();
    }

    /** Gives every parked connection back before the pool closes, which closes them and so frees their sorts. */
    @Override
    public void close() {
        unparkAll().forEach(cursor -> pool.releaseConnection(cursor.connection()));
    }

    /** Every parked cursor, none parked any more (none at all without a pool). */
    private List<Cursor> unparkAll() {
        List<Cursor> all = new ArrayList<>();
        synchronized (waiting) {
            waiting.values().forEach(all::addAll);
            waiting.clear();
            parked = 0;
        }
        return all;
    }
}
