package org.scimbridge.bridge.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.scimbridge.bridge.bench.DirectoryBenchmark.BridgeFacts;
import org.scimbridge.bridge.bench.DirectoryBenchmark.Options;
import org.scimbridge.bridge.bench.DirectoryBenchmark.Result;
import org.scimbridge.bridge.bench.DirectoryBenchmark.Row;

/** The directory benchmark's results as Markdown: throughput and latency per row, the targets, then the CPU split. */
final class DirectoryReport {

    private static final long HEAP_TARGET = 256L << 20;
    private static final Duration STARTUP_TARGET = Duration.ofSeconds(2);
    private static final long LOOKUP_LATENCY_MARGIN_MICROS = 300;
    private static final String FLOOR = "the floor: Helidon + one LDAP operation";

    private final String date;
    private final String machine;
    private final Options options;
    private final List<Result> results;
    private final BridgeFacts bridge;
    private final Duration took;
    private final Duration load;

    DirectoryReport(String date, String machine, Options options, List<Result> results, BridgeFacts bridge, Duration took,
                    Duration load) {
        this.date = date;
        this.machine = machine;
        this.options = options;
        this.results = results;
        this.bridge = bridge;
        this.took = took;
        this.load = load;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# The bridge against the raw directory\n\n");
        md.append(("%s; %s. Private slapd (MDB, durable writes) on loopback with %,d users and groupOfNames groups of "
                + "%,d and %,d members (slapadd: %d s); the bridge's packaged jar in its own JVM (`%s`, and the class "
                + "archive of a first start, as the service keeps it); raw rows: "
                + "UnboundID LDAP SDK, one connection per client; bridge rows: wrk, one connection per client. "
                + "%d s per run after a warm-up per row of %d s, longer (up to %d s) while the bridge's JIT still "
                + "compiled; took %d min %d s.%n%n").formatted(date, machine,
                options.users(), options.large(), options.small(), load.toSeconds(), bridge.jvm(), options.seconds().toSeconds(),
                options.warmup().toSeconds(), options.maxWarmup().toSeconds(), took.toMinutes(), took.toSecondsPart()));
        md.append(options.memberOf() ? "slapd's memberof overlay keeps each user's groups in memberOf, which the bridge "
                + "reads (`users.memberOf`).\n\n" : "No memberof overlay: the bridge searches a user's groups "
                + "(`--no-memberof`).\n\n");
        md.append(options.sortCap() > 0 ? "slapd's `olcSssVlvMax` (sorts kept across connections) is %d, as config/README.md advises (`--sort-cap`).%n%n"
                .formatted(options.sortCap()) : "slapd's default `olcSssVlvMax` (`--sort-cap 0`).\n\n");
        if (options.scopedRaw()) {
            md.append("Raw lookups send the bridge's filter, `(&(objectClass=inetOrgPerson)(uid=X))`, not `(uid=X)` "
                    + "(`--raw-scoped`).\n\n");
        }
        throughput(md);
        targets(md);
        cpu(md);
        md.append("\n## The bridge process\n\n");
        md.append("| | measured | target |\n|---|---:|---:|\n");
        md.append("| launch to first answered SCIM request (`GET /Users?count=1`), a restart: the class archive of the first"
                + " start mapped | %,d ms | < %,d ms %s |%n".formatted(bridge.startup().toMillis(),
                STARTUP_TARGET.toMillis(), mark(bridge.startup().compareTo(STARTUP_TARGET) < 0)));
        md.append("| the same, the first start after an install or upgrade (no class archive yet) | %,d ms | < %,d ms %s |%n"
                .formatted(bridge.firstStartup().toMillis(), STARTUP_TARGET.toMillis(),
                        mark(bridge.firstStartup().compareTo(STARTUP_TARGET) < 0)));
        md.append("| heap in use, highest sample (garbage included; every 5 s) | %.1f MB | < 256 MB %s |%n"
                .formatted(bridge.maxHeapUsed() / 1048576.0, mark(bridge.maxHeapUsed() < HEAP_TARGET)));
        md.append("| heap in use after a full GC at the end (`jcmd GC.run`) | %.1f MB | |%n"
                .formatted(bridge.liveHeapAfterGc() / 1048576.0));
        md.append("| resident memory at the end / peak | %.0f / %.0f MB | |%n".formatted(bridge.rss() / 1048576.0,
                bridge.peakRss() / 1048576.0));
        return md.toString();
    }

    private void throughput(StringBuilder md) {
        md.append("## Throughput and latency\n\n");
        md.append("| operation | clients | raw LDAP /s | raw p50 / p99 (ms) | bridge /s | bridge p50 / p99 (ms) "
                + "| bridge/raw | errors raw / bridge |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            row(md, r.row().raw + " vs " + r.row().bridge, r, r.bridge());
            if (r.secondBridge() != null) {
                row(md, r.row().raw + " vs " + r.row().secondBridge, r, r.secondBridge());
            }
            if (r.floor() != null) {
                row(md, r.row().raw + " vs " + FLOOR, r, r.floor());
            }
        }
        if (results.stream().anyMatch(r -> r.floor() != null)) {
            md.append("""

                    *%s* (`--floor`): `FloorServer` in its own JVM with the bridge's JVM options, Helidon with the bridge's
                    listener settings and the bridge's LDAP pool, one LDAP operation per request (the search; the modify with
                    a post-read control) and the entry as flat JSON; no token check, filter, mapping, audit or metrics: what
                    this stack reaches before any of the bridge's own work. In its rows of the CPU table below, *bridge
                    CPU* is the floor's.
                    """.formatted(FLOOR));
        }
    }

    private static void row(StringBuilder md, String label, Result r, Measurement b) {
        Measurement raw = r.raw();
        md.append("| %s | %d | %,.0f | %.2f / %.2f | %,.0f | %.2f / %.2f | **%.1f %%** | %d / %d |%n".formatted(label,
                r.clients(), raw.perSecond(), raw.p50Micros() / 1000.0, raw.p99Micros() / 1000.0, b.perSecond(),
                b.p50Micros() / 1000.0, b.p99Micros() / 1000.0, 100 * b.perSecond() / raw.perSecond(), raw.errors(),
                b.errors()));
    }

    private void targets(StringBuilder md) {
        md.append("\n## Targets\n\n| row | clients | target | measured | |\n|---|---:|---|---:|---|\n");
        for (Result r : results) {
            target(md, r, r.row().bridge, r.bridge());
            if (r.secondBridge() != null) {
                target(md, r, r.row().secondBridge, r.secondBridge());
            }
        }
    }

    private static void target(StringBuilder md, Result r, String label, Measurement b) {
        if (r.row() == Row.LOOKUP && r.clients() == 1) {
            long extra = b.p50Micros() - r.raw().p50Micros();
            md.append("| %s | 1 | p50 at most %d µs above raw | +%d µs | %s |%n".formatted(label,
                    LOOKUP_LATENCY_MARGIN_MICROS, extra, mark(extra <= LOOKUP_LATENCY_MARGIN_MICROS)));
            return;
        }
        double ratio = b.perSecond() / r.raw().perSecond();
        md.append("| %s | %d | >= %.0f %% of raw | %.1f %% | %s |%n".formatted(label, r.clients(), 100 * r.row().target,
                100 * ratio, mark(ratio >= r.row().target)));
    }

    private void cpu(StringBuilder md) {
        md.append("""

                ## Where the CPU goes (µs per request)

                Both cores are shared by slapd, the bridge and the load generator, so every µs the bridge spends per request
                is a µs slapd does not get. *LDAP ops* are the operations the bridge issued per request (its own
                `scim_bridge_ldap_operations` counter); *slapd* is slapd's CPU per request in the raw run and in the
                bridge run.

                | request | clients | bridge CPU | slapd raw / bridge | client: raw LDAP / wrk | LDAP ops per request |
                |---|---:|---:|---:|---:|---:|
                """);
        for (Result r : results) {
            cpuRow(md, r.row().bridge, r, r.bridge());
            if (r.secondBridge() != null) {
                cpuRow(md, r.row().secondBridge, r, r.secondBridge());
            }
            if (r.floor() != null) {
                cpuRow(md, FLOOR, r, r.floor());
            }
        }
    }

    private static void cpuRow(StringBuilder md, String label, Result r, Measurement b) {
        md.append("| %s | %d | %,.0f | %,.0f / %,.0f | %,.0f / %,.0f | %.2f |%n".formatted(label, r.clients(),
                b.microsPerRequest(b.bridgeCpuNanos()), r.raw().microsPerRequest(r.raw().slapdCpuNanos()),
                b.microsPerRequest(b.slapdCpuNanos()), r.raw().microsPerRequest(r.raw().clientCpuNanos()),
                b.microsPerRequest(b.clientCpuNanos()), b.ldapOpsByBridge() / b.requests()));
    }

    private static String mark(boolean met) {
        return met ? "met" : "**missed**";
    }

    @SuppressWarnings("unused")
    private static String lower(Row row) {
        return row.name().toLowerCase(Locale.ROOT);
    }
}
