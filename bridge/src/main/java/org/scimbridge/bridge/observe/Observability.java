package org.scimbridge.bridge.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPConnectionPoolStatistics;

import io.helidon.health.HealthCheck;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import org.scimbridge.mapping.config.MappingConfig;

/**
 * Health and metrics of one bridge: its own meter registry (two bridges in one JVM, as in the tests, never mix their
 * counts), the HTTP and LDAP instruments, the pool and audit gauges, and the readiness checks. {@link #feature()}
 * serves them through Helidon's observe feature at {@code /health/live}, {@code /health/ready} and {@code /metrics}
 * (Prometheus text format), outside {@code /scim/v2} and without a token, for load balancers, systemd and Prometheus.
 */
public final class Observability implements AutoCloseable {

    /** A base read slower than this makes the bridge not ready: SCIM clients would time out anyway. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long one readiness probe answers: probes every few hundred milliseconds must not hammer the directory. */
    static final Duration PROBE_REUSE = Duration.ofMillis(1500);

    private final MeterRegistry registry;
    private final HttpMetrics http;
    private final LdapMetrics ldap;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<HealthCheck> readiness = new ArrayList<>();

    private Observability() {
        this.registry = MeterRegistry.create(MetricsConfig.create());
        this.http = new HttpMetrics(registry);
        this.ldap = new LdapMetrics(registry);
        // JVM basics come with Micrometer, underneath Helidon's registry.
        io.micrometer.core.instrument.MeterRegistry micrometer = registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
        new JvmMemoryMetrics().bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ProcessorMetrics().bindTo(micrometer);
        new UptimeMetrics().bindTo(micrometer);
        gc.bindTo(micrometer);
    }

    /** Metrics without a pool to watch or readiness checks (then ready means the server is up). */
    public static Observability create() {
        return new Observability();
    }

    /**
     * Metrics and readiness for a pool; the pool's connections must log to {@link #ldap()} for the LDAP operation metrics
     * (LdapPools does that).
     */
    public Observability watch(LDAPConnectionPool pool, MappingConfig mapping) {
        gauge("scim_bridge_ldap_pool_connections_max", "Most connections the pool keeps", pool,
                p -> p.getMaximumAvailableConnections());
        gauge("scim_bridge_ldap_pool_connections_available", "Idle connections in the pool", pool,
                p -> p.getCurrentAvailableConnections());
        LDAPConnectionPoolStatistics statistics = pool.getConnectionPoolStatistics();
        counter("scim_bridge_ldap_pool_checkouts_waited", "Checkouts that waited for a connection",
                statistics::getNumSuccessfulCheckoutsAfterWaiting);
        counter("scim_bridge_ldap_pool_checkouts_failed", "Checkouts that got no connection",
                statistics::getNumFailedCheckouts);
        counter("scim_bridge_ldap_pool_connections_defunct", "Connections closed as broken",
                statistics::getNumConnectionsClosedDefunct);
        Map<String, DN> bases = new LinkedHashMap<>();
        bases.put("users-base", mapping.users().base());
        mapping.groups().ifPresent(groups -> bases.put("groups-base", groups.base()));
        readiness.addAll(new DirectoryReadiness(pool, bases, PROBE_TIMEOUT, PROBE_REUSE).checks());
        return this;
    }

    /** Counts records the audit log could not write; a counter, as Prometheus alerts on its rate. */
    public Observability auditSinkFailures(LongSupplier failures) {
        counter("scim_bridge_audit_sink_failures", "Audit records a sink failed to write", failures);
        return this;
    }

    /** The connection logger that times LDAP operations; give it to the pool's connection options. */
    public LdapMetrics ldap() {
        return ldap;
    }

    /** The filter that times HTTP requests; first on the routing, so it sees rejected ones too. */
    public Filter httpFilter() {
        return http;
    }

    /** {@code /health/live}, {@code /health/ready} and {@code /metrics}, absolute paths outside {@code /scim/v2}. */
    public ObserveFeature feature() {
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(HealthObserver.builder()
                        .endpoint("/health")
                        .details(true)
                        .useSystemServices(false)
                        .addHealthChecks(readiness)
                        .build())
                .addObserver(MetricsObserver.builder().endpoint("/metrics").meterRegistry(registry).build())
                .build();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private <T> void gauge(String name, String description, T state, Function<T, Integer> value) {
        registry.getOrCreate(Gauge.builder(name, state, s -> value.apply(s)).description(description));
    }

    private void counter(String name, String description, LongSupplier value) {
        registry.getOrCreate(FunctionalCounter.builder(name, value, LongSupplier::getAsLong).description(description));
    }
}
