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
import java.util.WeakHashMap;
import java.util.function.Function;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;

/**
 * Virtual list view searches over a connection pool. A directory keeps each VLV's sorted result on the connection that
 * asked for it, until the connection closes, and caps how many it keeps (OpenLDAP's sssvlv overlay: 5 per connection,
 * then {@code busy}). Sending a kept context ID back reuses the sorted list, which is right only for the same search.
 * So each pooled connection remembers its last search and context: the same search within {@code reuseFor} continues
 * it (a page walk sees one consistent snapshot, and the directory does not sort again); a directory that answers busy
 * gets the connection replaced, which frees everything it kept, and the search is retried once on the new connection.
 * <p>A pool hands out whichever connection is free, so the next page of a walk would mostly land on a connection that
 * keeps no sort for it, and the directory would sort the whole result again for every page (bench/directory: a walk of
 * 100,000 users at a quarter of the raw paged search). So a connection that keeps a sort is set aside ("parked") for
 * its search between pages, and the next page of that search takes it back; at most a quarter of the pool is parked at
 * once, none from a pool of fewer than four. A parked connection whose sort is older than {@code reuseFor} goes back to the pool at the next virtual list view
 * search (until then it only holds its place, and one that broke meanwhile is replaced on use), and all go back on
 * {@link #close()}.
 * <p>UnboundID's in-process server and single connections keep nothing worth tracking and are used directly.
 */
final class VlvSearches implements AutoCloseable {

    private record Context(String searchKey, ASN1OctetString id, Instant created) {
    }

    private final LDAPInterface ldap;
    private final Duration reuseFor;
    private final Clock clock = Clock.systemUTC();
    private final Map<LDAPConnection, Context> contexts = new WeakHashMap<>();
    // Guarded by contexts, like the kept contexts they stand for.
    private final Map<String, Deque<LDAPConnection>> parked = new HashMap<>();
    private int parkedCount;
    private final int maxParked;

    VlvSearches(LDAPInterface ldap, Duration reuseFor) {
        this(ldap, reuseFor, 0);
    }

    /** @param cursorConnections connections of the pool beyond {@code directory.poolSize}, kept for sorted cursors */
    VlvSearches(LDAPInterface ldap, Duration reuseFor, int cursorConnections) {
        this.ldap = ldap;
        this.reuseFor = reuseFor;
        // A quarter of the pool as configured (without the cursors' connections), and none from a pool under four: a
        // connection set aside there would leave the other requests too few (a pool of one would have none until the
        // next walk).
        this.maxParked = ldap instanceof LDAPConnectionPool pool
                ? Math.max(0, pool.getMaximumAvailableConnections() - cursorConnections) / 4 : 0;
    }

    /**
     * Runs {@code build(contextId)}; {@code build} adds the sort and VLV controls around the given context ID (null when
     * this connection keeps no fresh sort for {@code searchKey}).
     */
    SearchResult search(String searchKey, Function<ASN1OctetString, SearchRequest> build) throws LDAPException {
        if (!(ldap instanceof LDAPConnectionPool pool)) {
            return ldap.search(build.apply(null)); // a single connection or an in-process server: nothing to track
        }
        LDAPConnection parkedForThis = unpark(pool, searchKey);
        LDAPConnection connection = parkedForThis != null ? parkedForThis : pool.getConnection();
        for (int attempt = 0; ; attempt++) {
            try {
                SearchResult result = connection.search(build.apply(reusable(connection, searchKey)));
                remember(connection, searchKey, result);
                if (!park(searchKey, connection)) {
                    pool.releaseConnection(connection);
                }
                return result;
            } catch (LDAPSearchException e) {
                // Busy: this connection reached the directory's cap of kept sorts (or the directory another limit, which
                // a retry may not cure: bench/README.md, "The full run"). Server down: it broke (the directory stopped,
                // or a failover). Either way the retry goes to a NEW connection, which keeps no sorts and is not broken;
                // another pooled one could be at the cap as well. A read is safe to repeat; not after a timeout, though:
                // the next server may hang as well.
                if (attempt == 0 && (e.getResultCode() == ResultCode.BUSY || e.getResultCode() == ResultCode.SERVER_DOWN)) {
                    forget(connection);
                    connection = pool.replaceDefunctConnection(connection);
                    continue;
                }
                if (attempt == 1 && e.getResultCode() == ResultCode.BUSY) {
                    // Still busy on a fresh connection: the directory's cap across all connections (OpenLDAP's
                    // olcSssVlvMax) is taken by sorts kept on the pool's idle connections. Closing those frees them (the
                    // pool opens new ones as needed); one more try. FuzzIT met the 503 this prevents.
                    pool.shrinkPool(0);
                    continue;
                }
                remember(connection, searchKey, e.getSearchResult());
                pool.releaseConnectionAfterException(connection, e);
                throw e;
            } catch (RuntimeException e) {
                forget(connection);
                pool.releaseDefunctConnection(connection);
                throw e;
            }
        }
    }

    private ASN1OctetString reusable(LDAPConnection connection, String searchKey) {
        synchronized (contexts) {
            Context context = contexts.get(connection);
            boolean fresh = context != null && context.searchKey().equals(searchKey)
                    && context.created().plus(reuseFor).isAfter(Instant.now(clock));
            return fresh ? context.id() : null;
        }
    }

    private void remember(LDAPConnection connection, String searchKey, SearchResult result) {
        if (result == null) {
            return;
        }
        try {
            VirtualListViewResponseControl response = VirtualListViewResponseControl.get(result);
            if (response != null && response.getContextID() != null) {
                synchronized (contexts) {
                    Context previous = contexts.get(connection);
                    Instant created = previous != null && previous.searchKey().equals(searchKey) && previous.id().equals(
                            response.getContextID()) ? previous.created() : Instant.now(clock);
                    contexts.put(connection, new Context(searchKey, response.getContextID(), created));
                }
            }
        } catch (LDAPException e) {
            forget(connection);
        }
    }

    /** A connection set aside for this search, if any; releases those whose sort is too old to continue first. */
    private LDAPConnection unpark(LDAPConnectionPool pool, String searchKey) {
        List<LDAPConnection> stale = new ArrayList<>();
        LDAPConnection found = null;
        synchronized (contexts) {
            Instant now = Instant.now(clock);
            for (Iterator<Deque<LDAPConnection>> lists = parked.values().iterator(); lists.hasNext(); ) {
                Deque<LDAPConnection> list = lists.next();
                for (Iterator<LDAPConnection> it = list.iterator(); it.hasNext(); ) {
                    LDAPConnection connection = it.next();
                    Context context = contexts.get(connection);
                    if (context == null || !context.created().plus(reuseFor).isAfter(now)) {
                        it.remove();
                        parkedCount--;
                        stale.add(connection);
                    }
                }
                if (list.isEmpty()) {
                    lists.remove();
                }
            }
            Deque<LDAPConnection> mine = parked.get(searchKey);
            if (mine != null) {
                found = mine.pollFirst();
                parkedCount--;
                if (mine.isEmpty()) {
                    parked.remove(searchKey);
                }
            }
        }
        stale.forEach(pool::releaseConnection);
        return found;
    }

    /** Sets the connection aside for its search when it keeps a sort for it and fewer than maxParked are parked. */
    private boolean park(String searchKey, LDAPConnection connection) {
        synchronized (contexts) {
            Context context = contexts.get(connection);
            if (context == null || !context.searchKey().equals(searchKey) || parkedCount >= maxParked) {
                return false;
            }
            parked.computeIfAbsent(searchKey, key -> new ArrayDeque<>()).addLast(connection);
            parkedCount++;
            return true;
        }
    }

    /** Gives every parked connection back to the pool (before the pool closes: it closes only the ones it holds). */
    @Override
    public void close() {
        if (!(ldap instanceof LDAPConnectionPool pool)) {
            return;
        }
        List<LDAPConnection> all = new ArrayList<>();
        synchronized (contexts) {
            parked.values().forEach(all::addAll);
            parked.clear();
            parkedCount = 0;
        }
        all.forEach(pool::releaseConnection);
    }

    private void forget(LDAPConnection connection) {
        synchronized (contexts) {
            contexts.remove(connection);
        }
    }
}
