package org.scimbridge.bridge.ldap;

import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DisconnectType;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.IntermediateResponse;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionInfo;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ReadOnlyAddRequest;
import com.unboundid.ldap.sdk.ReadOnlyCompareRequest;
import com.unboundid.ldap.sdk.ReadOnlyDeleteRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.SASLBindRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SimpleBindRequest;

/**
 * Bounds every LDAP operation of the pool's connections by {@code directory.responseTimeout} without a timer per
 * operation.
 * <p>Why: the LDAP SDK enforces a response timeout as a read timeout on the socket, and on a virtual thread every timed
 * read schedules a wake-up on the JDK's delay scheduler and cancels it when the response comes: two hand-offs to
 * another thread per LDAP operation (JFR, bench/directory: 29,941 delay-scheduler parks in 10 s of member PATCHes, 5
 * with untimed reads; GET at 16 clients 53.9-61.5 % of the raw search with them, 62.8-73.5 % without, alternating
 * builds, bench/README.md). So the pool's reads are
 * untimed ({@link LdapPools}), and one daemon thread looks every {@code tick} for requests whose connection has
 * received nothing for longer than the timeout since it sent them (a search's entries count as something). It closes
 * such a connection without an unbind: the request waiting on it fails as a lost connection (503, as a timeout was),
 * the pool replaces the connection, and the directory drops what it was doing for it. The bind and StartTLS of a new
 * connection keep the SDK's own timeout ({@code connectTimeout}).
 * <p>It is the connections' logger; it passes every event on to {@code next} (the LDAP metrics), if any.
 */
final class ResponseDeadlines extends LDAPConnectionLogger {

    private static final Logger LOG = Logger.getLogger(ResponseDeadlines.class.getName());

    /** One thread for every pool of the process: it wakes once per tick, whatever the traffic. */
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().daemon().name("ldap-response-deadlines").unstarted(task));

    /** A request sent and not answered yet, and when its connection last received something for it. */
    private static final class Pending {
        final LDAPConnectionInfo connection;
        volatile long lastHeard;

        Pending(LDAPConnectionInfo connection, long sent) {
            this.connection = connection;
            this.lastHeard = sent;
        }
    }

    private final long timeoutNanos;
    private final LDAPConnectionLogger next;
    /** (connection id, message id) to the request. */
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    private ResponseDeadlines(Duration timeout, LDAPConnectionLogger next) {
        this.timeoutNanos = timeout.toNanos();
        this.next = next == null ? new LDAPConnectionLogger() { } : next; // the SDK's logger does nothing by default
    }

    /**
     * Deadlines of {@code timeout} for the connections that get this logger, checked every tenth of it (between 10 ms
     * and 1 s), for as long as they are in use: the check stops once nothing refers to this logger any more.
     *
     * @param next the logger every event is passed on to, or null
     */
    static ResponseDeadlines start(Duration timeout, LDAPConnectionLogger next) {
        ResponseDeadlines deadlines = new ResponseDeadlines(timeout, next);
        long tick = Math.clamp(timeout.toNanos() / 10, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        WeakReference<ResponseDeadlines> weak = new WeakReference<>(deadlines);
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        self.set(SWEEPER.scheduleWithFixedDelay(() -> {
            ResponseDeadlines live = weak.get();
            if (live == null) {
                self.get().cancel(false); // the pool and its connections are gone
            } else {
                live.closeOverdue(System.nanoTime());
            }
        }, tick, tick, TimeUnit.NANOSECONDS));
        return deadlines;
    }

    /** Closes the connections of requests that heard nothing for longer than the timeout; how many. */
    int closeOverdue(long now) {
        int closed = 0;
        for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
            Pending request = entry.getValue();
            // Removed first: only the sweep that takes the request closes its connection, and a response that comes
            // meanwhile finds nothing to remove.
            if (now - request.lastHeard > timeoutNanos && pending.remove(entry.getKey(), request)) {
                LOG.warning("the directory did not answer within " + Duration.ofNanos(timeoutNanos)
                        + " (directory.responseTimeout); closing LDAP connection " + request.connection.getConnectionID());
                if (request.connection instanceof LDAPConnection connection) {
                    connection.closeWithoutUnbind();
                }
                closed++;
            }
        }
        return closed;
    }

    /** Requests sent and not answered (for tests). */
    int pending() {
        return pending.size();
    }

    private static long key(LDAPConnectionInfo connection, int messageId) {
        return connection.getConnectionID() << 32 | (messageId & 0xFFFF_FFFFL);
    }

    private void sent(LDAPConnectionInfo connection, int messageId) {
        pending.put(key(connection, messageId), new Pending(connection, System.nanoTime()));
    }

    private void heard(LDAPConnectionInfo connection, int messageId) {
        Pending request = pending.get(key(connection, messageId));
        if (request != null) {
            request.lastHeard = System.nanoTime();
        }
    }

    private void answered(LDAPConnectionInfo connection, int messageId) {
        pending.remove(key(connection, messageId));
    }

    @Override
    public void logConnect(LDAPConnectionInfo connection, String host, InetAddress address, int port) {
        next.logConnect(connection, host, address, port);
    }

    @Override
    public void logConnectFailure(LDAPConnectionInfo connection, String host, int port, LDAPException failure) {
        next.logConnectFailure(connection, host, port, failure);
    }

    @Override
    public void logDisconnect(LDAPConnectionInfo connection, String host, int port, DisconnectType type, String message,
                              Throwable cause) {
        // Nothing more comes on a closed connection: its requests end with it (the pool replaces it).
        long id = connection.getConnectionID();
        pending.keySet().removeIf(key -> key >>> 32 == id);
        next.logDisconnect(connection, host, port, type, message, cause);
    }

    @Override
    public void logAbandonRequest(LDAPConnectionInfo connection, int messageId, int idToAbandon, List<Control> controls) {
        answered(connection, idToAbandon); // no response comes for an abandoned request (RFC 4511 section 4.11)
        next.logAbandonRequest(connection, messageId, idToAbandon, controls);
    }

    @Override
    public void logAddRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyAddRequest request) {
        sent(connection, messageId);
        next.logAddRequest(connection, messageId, request);
    }

    @Override
    public void logAddResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId);
        next.logAddResult(connection, messageId, result);
    }

    @Override
    public void logBindRequest(LDAPConnectionInfo connection, int messageId, SimpleBindRequest request) {
        sent(connection, messageId);
        next.logBindRequest(connection, messageId, request);
    }

    @Override
    public void logBindRequest(LDAPConnectionInfo connection, int messageId, SASLBindRequest request) {
        sent(connection, messageId);
        next.logBindRequest(connection, messageId, request);
    }

    @Override
    public void logBindResult(LDAPConnectionInfo connection, int messageId, BindResult result) {
        answered(connection, messageId);
        next.logBindResult(connection, messageId, result);
    }

    @Override
    public void logCompareRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyCompareRequest request) {
        sent(connection, messageId);
        next.logCompareRequest(connection, messageId, request);
    }

    @Override
    public void logCompareResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId);
        next.logCompareResult(connection, messageId, result);
    }

    @Override
    public void logDeleteRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyDeleteRequest request) {
        sent(connection, messageId);
        next.logDeleteRequest(connection, messageId, request);
    }

    @Override
    public void logDeleteResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId);
        next.logDeleteResult(connection, messageId, result);
    }

    @Override
    public void logExtendedRequest(LDAPConnectionInfo connection, int messageId, ExtendedRequest request) {
        sent(connection, messageId);
        next.logExtendedRequest(connection, messageId, request);
    }

    @Override
    public void logExtendedResult(LDAPConnectionInfo connection, int messageId, ExtendedResult result) {
        answered(connection, messageId);
        next.logExtendedResult(connection, messageId, result);
    }

    @Override
    public void logModifyRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyModifyRequest request) {
        sent(connection, messageId);
        next.logModifyRequest(connection, messageId, request);
    }

    @Override
    public void logModifyResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId);
        next.logModifyResult(connection, messageId, result);
    }

    @Override
    public void logModifyDNRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyModifyDNRequest request) {
        sent(connection, messageId);
        next.logModifyDNRequest(connection, messageId, request);
    }

    @Override
    public void logModifyDNResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId);
        next.logModifyDNResult(connection, messageId, result);
    }

    @Override
    public void logSearchRequest(LDAPConnectionInfo connection, int messageId, ReadOnlySearchRequest request) {
        sent(connection, messageId);
        next.logSearchRequest(connection, messageId, request);
    }

    @Override
    public void logSearchEntry(LDAPConnectionInfo connection, int messageId, SearchResultEntry entry) {
        heard(connection, messageId);
        next.logSearchEntry(connection, messageId, entry);
    }

    @Override
    public void logSearchReference(LDAPConnectionInfo connection, int messageId, SearchResultReference reference) {
        heard(connection, messageId);
        next.logSearchReference(connection, messageId, reference);
    }

    @Override
    public void logSearchResult(LDAPConnectionInfo connection, int messageId, SearchResult result) {
        answered(connection, messageId);
        next.logSearchResult(connection, messageId, result);
    }

    @Override
    public void logUnbindRequest(LDAPConnectionInfo connection, int messageId, List<Control> controls) {
        next.logUnbindRequest(connection, messageId, controls);
    }

    @Override
    public void logIntermediateResponse(LDAPConnectionInfo connection, int messageId, IntermediateResponse response) {
        heard(connection, messageId);
        next.logIntermediateResponse(connection, messageId, response);
    }
}
