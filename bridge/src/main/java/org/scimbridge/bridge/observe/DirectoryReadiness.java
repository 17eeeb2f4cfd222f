package org.scimbridge.bridge.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Whether the bridge can serve: the pool hands out a connection, the connection is bound, and each configured base DN
 * can be read through it. One probe answers all checks and is reused for {@code reuseFor}, so a load balancer polling
 * every few hundred milliseconds costs the directory at most one base read per base and interval; concurrent probes
 * wait for the one running. The checks' details name the failed step and the LDAP result code, never a DN, as the
 * endpoint needs no token.
 */
public final class DirectoryReadiness {

    static final String CONNECTION = "ldap-connection";
    static final String BIND = "ldap-bind";

    /** The outcome of one probe: check name to the reason it failed, or to null when it passed. */
    record Probe(long takenAt, Map<String, String> failures) {
    }

    private final LDAPConnectionPool pool;
    private final Map<String, DN> bases;
    private final Duration timeout;
    private final long reuseNanos;
    private final ReentrantLock probing = new ReentrantLock();
    private volatile Probe last;

    /**
     * @param bases    check name (e.g. {@code users-base}) to the base DN it reads
     * @param timeout  the longest one base read may take
     * @param reuseFor how long a probe's outcome answers later calls
     */
    public DirectoryReadiness(LDAPConnectionPool pool, Map<String, DN> bases, Duration timeout, Duration reuseFor) {
        this.pool = pool;
        this.bases = Map.copyOf(bases);
        this.timeout = timeout;
        this.reuseNanos = reuseFor.toNanos();
    }

    /** One readiness check per step: connection, bind, then each base DN. */
    public List<HealthCheck> checks() {
        List<String> names = new ArrayList<>(List.of(CONNECTION, BIND));
        names.addAll(bases.keySet().stream().sorted().toList());
        return names.stream().map(this::check).toList();
    }

    private HealthCheck check(String name) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                Optional<String> failure = Optional.ofNullable(probe().failures().get(name));
                HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(failure.isEmpty());
                failure.ifPresent(reason -> response.detail("reason", reason));
                return response.build();
            }
        };
    }

    Probe probe() {
        Probe known = last;
        if (known != null && System.nanoTime() - known.takenAt() < reuseNanos) {
            return known;
        }
        probing.lock();
        try {
            known = last;
            if (known == null || System.nanoTime() - known.takenAt() >= reuseNanos) {
                known = run();
                last = known;
            }
            return known;
        } finally {
            probing.unlock();
        }
    }

    private Probe run() {
        Map<String, String> failures = new LinkedHashMap<>();
        LDAPConnection connection;
        try {
            connection = pool.getConnection();
        } catch (LDAPException e) {
            // A new connection binds as it opens: refused credentials are a bind failure, anything else a connection one.
            boolean bind = e.getResultCode() == ResultCode.INVALID_CREDENTIALS
                    || e.getResultCode() == ResultCode.INAPPROPRIATE_AUTHENTICATION;
            failures.put(bind ? BIND : CONNECTION, LdapMetrics.label(e.getResultCode()));
            String skipped = "not checked: " + (bind ? BIND : CONNECTION) + " failed";
            if (!bind) {
                failures.put(BIND, skipped);
            }
            bases.keySet().forEach(name -> failures.put(name, skipped));
            return new Probe(System.nanoTime(), failures);
        }
        if (connection.getLastBindRequest() == null) {
            failures.put(BIND, "the connection is not bound");
        }
        LDAPException broken = null;
        for (Map.Entry<String, DN> base : bases.entrySet()) {
            SearchRequest read = new SearchRequest(base.getValue().toString(), SearchScope.BASE,
                    Filter.createPresenceFilter("objectClass"), SearchRequest.NO_ATTRIBUTES);
            read.setSizeLimit(1);
            read.setResponseTimeoutMillis(timeout.toMillis());
            try {
                if (connection.search(read).getEntryCount() == 0) {
                    failures.put(base.getKey(), "notVisible"); // found nothing without an error: access controls hide it
                }
            } catch (LDAPException e) {
                failures.put(base.getKey(), LdapMetrics.label(e.getResultCode()));
                if (!ResultCode.isConnectionUsable(e.getResultCode())) {
                    broken = e;
                }
            }
        }
        if (broken == null) {
            pool.releaseConnection(connection);
        } else {
            failures.putIfAbsent(CONNECTION, LdapMetrics.label(broken.getResultCode()));
            pool.releaseConnectionAfterException(connection, broken); // the pool replaces it
        }
        return new Probe(System.nanoTime(), failures);
    }
}
