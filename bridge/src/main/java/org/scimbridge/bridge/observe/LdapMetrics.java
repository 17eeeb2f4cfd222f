package org.scimbridge.bridge.observe;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.DisconnectType;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
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
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SASLBindRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SimpleBindRequest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every LDAP operation the bridge's connections carry, by operation and result code. It is the connection logger
 * of the pool's connections ({@link com.unboundid.ldap.sdk.LDAPConnectionOptions#setConnectionLogger}), the one place
 * every request passes whoever sends it: searches, VLV pages on checked-out connections, writes, compares, the password
 * modify extended operation and the binds of new connections. Labels come from bounded sets (the operation kind and
 * the result code's name); DNs, filters and values never become labels.
 * <p>A request is matched to its result by connection and message id. Results a client produces itself (a response
 * timeout, a dropped connection) reach no logger; a request left without a result is forgotten when its connection
 * closes.
 */
public final class LdapMetrics extends LDAPConnectionLogger {

    /** Operation kinds as the directory sees them (RFC 4511 section 4); a read of one entry is a search. */
    public enum Operation { BIND, SEARCH, MODIFY, ADD, DELETE, MODIFY_DN, COMPARE, EXTENDED;

        final String label = name().toLowerCase(Locale.ROOT).replace("_dn", "DN");
    }

    static final String OPERATIONS = "scim_bridge_ldap_operations";

    private final MeterRegistry registry;
    private final Map<Operation, Map<ResultCode, Timer>> timers = new EnumMap<>(Operation.class);
    private final Map<ResultCode, Counter> connectFailures = new ConcurrentHashMap<>();
    /** (connection id, message id) to the request's System.nanoTime(). */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();

    public LdapMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Operation operation : Operation.values()) {
            Map<ResultCode, Timer> byResult = new ConcurrentHashMap<>();
            timers.put(operation, byResult);
            // Created up front so a dashboard sees every operation at zero rather than a missing series.
            byResult.put(ResultCode.SUCCESS, timer(operation, ResultCode.SUCCESS));
        }
        Gauge.builder("scim_bridge_ldap_operations_in_flight", pending, Map::size)
                .description("LDAP requests sent and not yet answered")
                .register(registry);
    }

    private void record(Operation operation, ResultCode result, long nanos) {
        Map<ResultCode, Timer> byResult = timers.get(operation);
        Timer timer = byResult.get(result);
        if (timer == null) {
            timer = byResult.computeIfAbsent(result, code -> timer(operation, code));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Operation operation, ResultCode result) {
        return Timer.builder(OPERATIONS)
                .description("LDAP operations by kind and result code, with their latency")
                .tags("op", operation.label, "result", label(result))
                .serviceLevelObjectives(HttpMetrics.BUCKETS)
                .register(registry);
    }

    /** {@code noSuchObject} style: the result code's RFC 4511 name, without spaces. */
    static String label(ResultCode result) {
        String[] words = result.getName().split("[^A-Za-z0-9]+");
        StringBuilder label = new StringBuilder();
        for (String word : words) {
            if (!word.isEmpty()) {
                label.append(label.isEmpty() ? word.toLowerCase(Locale.ROOT)
                        : Character.toUpperCase(word.charAt(0)) + word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return label.isEmpty() ? "code" + result.intValue() : label.toString();
    }

    private static long key(LDAPConnectionInfo connection, int messageId) {
        return connection.getConnectionID() << 32 | (messageId & 0xFFFF_FFFFL);
    }

    private void sent(LDAPConnectionInfo connection, int messageId) {
        pending.put(key(connection, messageId), System.nanoTime());
    }

    private void answered(LDAPConnectionInfo connection, int messageId, Operation operation, LDAPResult result) {
        Long start = pending.remove(key(connection, messageId));
        if (start != null) {
            record(operation, result.getResultCode(), System.nanoTime() - start);
        }
    }

    @Override
    public void logConnectFailure(LDAPConnectionInfo connection, String host, int port, LDAPException failure) {
        connectFailures.computeIfAbsent(failure.getResultCode(), code -> Counter.builder("scim_bridge_ldap_connect_failures")
                .description("Failed attempts to open a directory connection")
                .tags("result", label(code))
                .register(registry)).increment();
    }

    @Override
    public void logDisconnect(LDAPConnectionInfo connection, String host, int port, DisconnectType type, String message,
                              Throwable cause) {
        long id = connection.getConnectionID();
        pending.keySet().removeIf(key -> key >>> 32 == id);
    }

    @Override
    public void logBindRequest(LDAPConnectionInfo connection, int messageId, SimpleBindRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logBindRequest(LDAPConnectionInfo connection, int messageId, SASLBindRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logBindResult(LDAPConnectionInfo connection, int messageId, BindResult result) {
        answered(connection, messageId, Operation.BIND, result);
    }

    @Override
    public void logSearchRequest(LDAPConnectionInfo connection, int messageId, ReadOnlySearchRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logSearchResult(LDAPConnectionInfo connection, int messageId, SearchResult result) {
        answered(connection, messageId, Operation.SEARCH, result);
    }

    @Override
    public void logModifyRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyModifyRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logModifyResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId, Operation.MODIFY, result);
    }

    @Override
    public void logAddRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyAddRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logAddResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId, Operation.ADD, result);
    }

    @Override
    public void logDeleteRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyDeleteRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logDeleteResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId, Operation.DELETE, result);
    }

    @Override
    public void logModifyDNRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyModifyDNRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logModifyDNResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId, Operation.MODIFY_DN, result);
    }

    @Override
    public void logCompareRequest(LDAPConnectionInfo connection, int messageId, ReadOnlyCompareRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logCompareResult(LDAPConnectionInfo connection, int messageId, LDAPResult result) {
        answered(connection, messageId, Operation.COMPARE, result);
    }

    @Override
    public void logExtendedRequest(LDAPConnectionInfo connection, int messageId, ExtendedRequest request) {
        sent(connection, messageId);
    }

    @Override
    public void logExtendedResult(LDAPConnectionInfo connection, int messageId, ExtendedResult result) {
        answered(connection, messageId, Operation.EXTENDED, result);
    }
}
