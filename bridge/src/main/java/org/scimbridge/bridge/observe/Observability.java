package org.scimbridge.bridge.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPConnectionPoolStatistics;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.guard.Guards;
import org.scimbridge.bridge.guard.Safeguards;
import org.scimbridge.bridge.journal.Repairs;
import org.scimbridge.mapping.config.MappingConfig;

/**
 * Health and metrics of one bridge: its own Prometheus registry (two bridges in one JVM, as in the tests, never mix their
 * counts), the HTTP and LDAP instruments, the pool and audit meters, JVM meters and the readiness checks. Served at
 * {@code /health/live} and {@code /health/ready} (Helidon's health observer, {@link #feature()}) and {@code /metrics}
 * (Prometheus text format, {@link #routing}), outside {@code /scim/v2} and without a token: load balancers, systemd and
 * Prometheus call them, and they carry no DN, id, name or secret.
 */
public final class Observability implements AutoCloseable {

    /** A base read slower than this makes the bridge not ready: SCIM clients would time out anyway. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long one readiness probe answers: probes every few hundred milliseconds must not hammer the directory. */
    static final Duration PROBE_REUSE = Duration.ofMillis(1500);
    public static final String METRICS_PATH = "/metrics";
    /** What {@link PrometheusMeterRegistry#scrape()} writes: Prometheus' text exposition format 0.0.4. */
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpMetrics http = new HttpMetrics(registry);
    private final LdapMetrics ldap = new LdapMetrics(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<HealthCheck> readiness = new ArrayList<>();
    /** What the function counters read: Micrometer holds it weakly only. */
    private final List<LongSupplier> counted = new ArrayList<>();

    private Observability() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** HTTP and JVM metrics, no pool to watch and no readiness checks (then ready means the server is up). */
    public static Observability create() {
        return new Observability();
    }

    /**
     * Pool meters and readiness checks for {@code pool}. The LDAP operation timings need the pool's connections to log to
     * {@link #ldap()}, as {@code LdapPools} arranges.
     */
    public Observability watch(LDAPConnectionPool pool, MappingConfig mapping) {
        gauge("scim_bridge_ldap_pool_connections_max", "Most connections the pool keeps", pool,
                LDAPConnectionPool::getMaximumAvailableConnections);
        gauge("scim_bridge_ldap_pool_connections_available", "Idle connections in the pool", pool,
                LDAPConnectionPool::getCurrentAvailableConnections);
        LDAPConnectionPoolStatistics statistics = pool.getConnectionPoolStatistics();
        counter("scim_bridge_ldap_pool_checkouts_waited", "Checkouts that had to wait for a connection",
                statistics::getNumSuccessfulCheckoutsAfterWaiting);
        counter("scim_bridge_ldap_pool_checkouts_failed", "Checkouts that got no connection", statistics::getNumFailedCheckouts);
        counter("scim_bridge_ldap_pool_connections_defunct", "Connections closed as broken",
                statistics::getNumConnectionsClosedDefunct);
        Map<String, DN> bases = new LinkedHashMap<>();
        bases.put("users-base", mapping.users().base());
        mapping.groups().ifPresent(groups -> bases.put("groups-base", groups.base()));
        readiness.addAll(new DirectoryReadiness(pool, bases, PROBE_TIMEOUT, PROBE_REUSE).checks());
        return this;
    }

    /** Records the audit log could not write; a counter, as an alert fires on its rate. */
    public Observability auditSinkFailures(LongSupplier failures) {
        counter("scim_bridge_audit_sink_failures", "Audit records a sink failed to write", failures);
        return this;
    }

    /**
     * Guard meters: {@code scim_bridge_guard_refusals_total{guard}} (a capped kind, or {@code protected}) and
     * {@code scim_bridge_guard_window_count{guard}}, the changes in the window now (read from the shared state file, so
     * a reset shows at once). The label takes at most four values.
     */
    public Observability safeguards(Safeguards safeguards) {
        Guards guards = safeguards.guards();
        for (GuardKind kind : guards.all().keySet()) {
            LongSupplier refused = () -> guards.refusals(kind);
            counted.add(refused);
            FunctionCounter.builder("scim_bridge_guard_refusals", refused, LongSupplier::getAsLong).tag("guard", kind.key())
                    .description("Requests refused by a blast-radius guard or a protected entry").register(registry);
            Gauge.builder("scim_bridge_guard_window_count", guards, g -> g.inWindow(kind)).tag("guard", kind.key())
                    .description("Changes counted in the guard's window now; -1 when its state file is unreadable")
                    .strongReference(true).register(registry);
        }
        LongSupplier protectedRefusals = safeguards.protection()::refusals;
        counted.add(protectedRefusals);
        FunctionCounter.builder("scim_bridge_guard_refusals", protectedRefusals, LongSupplier::getAsLong)
                .tag("guard", "protected")
                .description("Requests refused by a blast-radius guard or a protected entry").register(registry);
        return this;
    }

    /**
     * {@code scim_bridge_pending_repairs}: repairs of interrupted multi-step writes waiting for the directory; and a
     * readiness check {@code pending-repairs} that stays up (the bridge serves meanwhile) and names the count.
     */
    public Observability repairs(Repairs repairs) {
        Gauge.builder("scim_bridge_pending_repairs", repairs, Repairs::pending)
                .description("Repairs of interrupted multi-step writes waiting for the directory")
                .strongReference(true).register(registry);
        readiness.add(new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "pending-repairs";
            }

            @Override
            public HealthCheckResponse call() {
                return HealthCheckResponse.builder().status(true).detail("pending", repairs.pending()).build();
            }
        });
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

    /** {@code /health/live} and {@code /health/ready}: absolute paths, not under Helidon's default {@code /observe}. */
    public ObserveFeature feature() {
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(HealthObserver.builder()
                        .endpoint("/health")
                        .details(true)
                        .useSystemServices(false)
                        .addHealthChecks(readiness)
                        .build())
                .build();
    }

    /** {@code GET /metrics}. */
    public void routing(HttpRouting.Builder routing) {
        routing.get(METRICS_PATH, this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, TEXT_FORMAT);
        res.send(registry.scrape());
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value) {
        Gauge.builder(name, state, value).description(description).strongReference(true).register(registry);
    }

    private void counter(String name, String description, LongSupplier value) {
        counted.add(value);
        FunctionCounter.builder(name, value, LongSupplier::getAsLong).description(description).register(registry);
    }
}
