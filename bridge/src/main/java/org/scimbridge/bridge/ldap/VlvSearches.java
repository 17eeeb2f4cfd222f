package org.scimbridge.bridge.ldap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>UnboundID's in-process server and single connections keep nothing worth tracking and are used directly.
 */
final class VlvSearches {

    private record Context(String searchKey, ASN1OctetString id, Instant created) {
    }

    private final LDAPInterface ldap;
    private final Duration reuseFor;
    private final Clock clock = Clock.systemUTC();
    private final Map<LDAPConnection, Context> contexts = new WeakHashMap<>();

    VlvSearches(LDAPInterface ldap, Duration reuseFor) {
        this.ldap = ldap;
        this.reuseFor = reuseFor;
    }

    /**
     * Runs {@code build(contextId)}; {@code build} adds the sort (and VLV) controls around the given context ID.
     * {@code searchKey} is null for a sorted search without VLV: the directory keeps nothing for it, but a connection
     * whose kept VLV sorts reached the cap refuses it as busy all the same, so it gets the same retry.
     */
    SearchResult search(String searchKey, Function<ASN1OctetString, SearchRequest> build) throws LDAPException {
        if (!(ldap instanceof LDAPConnectionPool pool)) {
            return ldap.search(build.apply(null)); // a single connection or an in-process server: nothing to track
        }
        LDAPConnection connection = pool.getConnection();
        for (int attempt = 0; ; attempt++) {
            try {
                SearchResult result = connection.search(build.apply(searchKey == null ? null : reusable(connection, searchKey)));
                remember(connection, searchKey, result);
                pool.releaseConnection(connection);
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
        if (result == null || searchKey == null) {
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

    private void forget(LDAPConnection connection) {
        synchronized (contexts) {
            contexts.remove(connection);
        }
    }
}
