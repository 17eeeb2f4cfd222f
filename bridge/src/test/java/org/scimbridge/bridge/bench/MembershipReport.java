package org.scimbridge.bridge.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;

import org.scimbridge.bridge.bench.CountingLdap.Kind;
import org.scimbridge.bridge.bench.MembershipBenchmark.Options;
import org.scimbridge.bridge.bench.PhaseResult.Phase;
import org.scimbridge.bridge.bench.Population.Group;

/** The benchmark's results as Markdown: the summary the issue asks for, then what explains it. */
final class MembershipReport {

    /** Heap growth over a group's bridge phases that still counts as flat (GC noise is a few hundred KB). */
    private static final long FLAT_HEAP_BYTES = 5L << 20;

    private final String date;
    private final String machine;
    private final Options options;
    private final List<Group> groups;
    private final List<PhaseResult> results;
    private final Map<String, List<CountingLdap.Call>> calls;
    private final List<String> census;
    private final Duration took;

    MembershipReport(String date, String machine, Options options, List<Group> groups, List<PhaseResult> results,
                     Map<String, List<CountingLdap.Call>> calls, List<String> census, Duration took) {
        this.date = date;
        this.machine = machine;
        this.options = options;
        this.groups = groups;
        this.results = results;
        this.calls = calls;
        this.census = census;
        this.took = took;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Group membership PATCH vs raw LDAP modify\n\n");
        md.append(("%s; %s; private slapd (MDB, durable) on loopback; pattern %s; %d s per phase, %d rounds (medians), "
                + "warm-up %d-%d s; took %d min %d s.%n%n").formatted(date, machine,
                options.pattern().name().toLowerCase(Locale.ROOT), options.seconds(), options.rounds(), options.warmup(),
                options.maxWarmup(), took.toMinutes(), took.toSecondsPart()));
        summary(md);
        verdicts(md);
        breakdown(md);
        threads(md);
        rounds(md);
        recordedCalls(md);
        md.append("\n## State afterwards\n\n");
        census.forEach(line -> md.append("- ").append(line).append('\n'));
        return md.toString();
    }

    private void summary(StringBuilder md) {
        md.append("| group | raw modify ops/s | bridge PATCH ops/s | bridge/raw | p50 raw / bridge (ms) "
                + "| LDAP per PATCH: modify / search / compare | bridge heap after GC, before → after (MB) "
                + "| alloc per PATCH (KB) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Group group : groups) {
            double raw = median(group, Phase.RAW, PhaseResult::opsPerSecond);
            double bridge = median(group, Phase.BRIDGE, PhaseResult::opsPerSecond);
            md.append("| %,d | %,.1f | %,.1f | **%.1f %%** | %.2f / %.2f | %.2f / %.2f / %.2f | %.1f → %.1f | %.1f |%n"
                    .formatted(group.members(), raw, bridge, 100 * bridge / raw,
                    median(group, Phase.RAW, r -> r.p50Millis(-1)), median(group, Phase.BRIDGE, r -> r.p50Millis(-1)),
                    perPatch(group, Kind.MODIFY), perPatch(group, Kind.SEARCH), perPatch(group, Kind.COMPARE),
                    heapBefore(group) / 1048576.0, heapAfter(group) / 1048576.0,
                    median(group, Phase.BRIDGE, PhaseResult::allocatedKbPerOp)));
        }
    }

    private void verdicts(StringBuilder md) {
        md.append("\nTargets:\n\n");
        String throughput = groups.stream().map(g -> {
            double ratio = median(g, Phase.BRIDGE, PhaseResult::opsPerSecond) / median(g, Phase.RAW, PhaseResult::opsPerSecond);
            return "%,d members %.1f %% (%s)".formatted(g.members(), 100 * ratio,
                    ratio >= MembershipBenchmark.TARGET_RATIO ? "met" : "NOT met");
        }).collect(Collectors.joining(", "));
        boolean allThroughput = groups.stream().allMatch(g -> median(g, Phase.BRIDGE, PhaseResult::opsPerSecond)
                >= MembershipBenchmark.TARGET_RATIO * median(g, Phase.RAW, PhaseResult::opsPerSecond));
        md.append("- PATCH throughput >= %.0f %% of the raw modify: **%s**: %s%n".formatted(
                100 * MembershipBenchmark.TARGET_RATIO, allThroughput ? "MET" : "NOT MET", throughput));
        String heap = groups.stream()
                .map(g -> "%,d members %+.1f MB".formatted(g.members(), (heapAfter(g) - heapBefore(g)) / 1048576.0))
                .collect(Collectors.joining(", "));
        boolean flat = groups.stream().allMatch(g -> heapAfter(g) - heapBefore(g) <= FLAT_HEAP_BYTES);
        md.append(("- heap flat (growth over a group's bridge phases <= %d MB after full GC): **%s**: %s; "
                + "allocation per PATCH %s%n").formatted(FLAT_HEAP_BYTES >> 20, flat ? "MET" : "NOT MET", heap, groups.stream()
                        .map(g -> "%.1f KB (%,d members)".formatted(median(g, Phase.BRIDGE, PhaseResult::allocatedKbPerOp),
                                g.members()))
                        .collect(Collectors.joining(" vs "))));
        boolean oneModify = groups.stream().allMatch(g -> Math.abs(perPatch(g, Kind.MODIFY) - 1.0) < 1e-9);
        md.append("- one LDAP modify per PATCH chunk (one member = one chunk): **%s**: %s%n".formatted(
                oneModify ? "MET" : "NOT MET", groups.stream()
                        .map(g -> "%.2f modifies, %.2f searches, %.2f compares per PATCH (%,d members)".formatted(
                                perPatch(g, Kind.MODIFY), perPatch(g, Kind.SEARCH), perPatch(g, Kind.COMPARE), g.members()))
                        .collect(Collectors.joining(", "))));
    }

    private void breakdown(StringBuilder md) {
        md.append("\n## Where the time goes (medians over the rounds)\n\n");
        md.append("raw: the modify alone; replay: the LDAP calls the bridge made for the PATCHes of one period, replayed on one "
                + "connection (the directory's cost of what the bridge asks); bridge: the PATCH over HTTP. CPU per operation: "
                + "slapd from /proc, the JVM (benchmark client + HTTP client + bridge + LDAP SDK) from the OS bean.\n\n");
        md.append("| group | phase | ops/s | % of raw | p50 add (ms) | p50 remove (ms) | slapd CPU (µs/op) | JVM CPU (µs/op) "
                + "| JIT (ms/phase) | alloc (KB/op) | ops per phase |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Group group : groups) {
            double raw = median(group, Phase.RAW, PhaseResult::opsPerSecond);
            for (Phase phase : options.phases()) {
                double ops = median(group, phase, PhaseResult::opsPerSecond);
                md.append("| %,d | %s | %,.1f | %.1f %% | %.2f | %.2f | %,.0f | %,.0f | %,.0f | %.1f | %,.0f |%n".formatted(
                        group.members(), phase.label(), ops, 100 * ops / raw, median(group, phase, r -> r.p50Millis(0)),
                        median(group, phase, r -> r.p50Millis(1)), median(group, phase, PhaseResult::slapdCpuMicrosPerOp),
                        median(group, phase, PhaseResult::jvmCpuMicrosPerOp), median(group, phase, r -> r.cost().jitMillis()),
                        median(group, phase, PhaseResult::allocatedKbPerOp),
                        median(group, phase, r -> r.ops())));
            }
        }
    }

    private void threads(StringBuilder md) {
        md.append("\n## JVM CPU per operation by thread (µs, medians; from /proc/self/task, 10 ms ticks)\n\n| group | phase | ");
        md.append(Arrays.stream(Resources.ThreadGroup.values()).map(Resources.ThreadGroup::label)
                .collect(Collectors.joining(" | ")));
        md.append(" |\n|---:|---|").append("---:|".repeat(Resources.ThreadGroup.values().length)).append('\n');
        for (Group group : groups) {
            for (Phase phase : options.phases()) {
                md.append("| %,d | %s |".formatted(group.members(), phase.label()));
                for (Resources.ThreadGroup threads : Resources.ThreadGroup.values()) {
                    md.append(" %,.0f |".formatted(median(group, phase, r -> r.threadCpuMicrosPerOp(threads))));
                }
                md.append('\n');
            }
        }
    }

    private void rounds(StringBuilder md) {
        md.append("\n## Every round (ops/s; the phase order rotates per round)\n\n| group | round | ");
        md.append(options.phases().stream().map(Phase::label).collect(Collectors.joining(" | ")));
        md.append(" | bridge/raw |\n|---:|---:|").append("---:|".repeat(options.phases().size() + 1)).append('\n');
        for (Group group : groups) {
            for (int round = 1; round <= options.rounds(); round++) {
                int r = round;
                md.append("| %,d | %d | ".formatted(group.members(), round));
                for (Phase phase : options.phases()) {
                    md.append("%,.1f | ".formatted(inRound(group, phase, r).opsPerSecond()));
                }
                double raw = inRound(group, Phase.RAW, r).opsPerSecond();
                double bridge = inRound(group, Phase.BRIDGE, r).opsPerSecond();
                md.append("%.1f %% |%n".formatted(100 * bridge / raw));
            }
        }
    }

    private void recordedCalls(StringBuilder md) {
        md.append("\n## LDAP calls of the PATCHes of one period, as the bridge made them (recorded after the warm-up)\n\n");
        calls.forEach((name, list) -> {
            md.append("- ").append(name).append(":\n");
            for (CountingLdap.Call call : list) {
                md.append("  - `").append(describe(call)).append('`')
                        .append(call.failure() == null ? "" : " → refused: " + call.failure()).append('\n');
            }
        });
    }

    static String describe(CountingLdap.Call call) {
        Object first = call.args() == null || call.args().length == 0 ? null : call.args()[0];
        if (first instanceof SearchRequest search) {
            return "search base=%s scope=%s filter=%s attributes=%s sizeLimit=%d%s".formatted(search.getBaseDN(),
                    search.getScope().getName(), search.getFilter(), Arrays.toString(search.getAttributes()),
                    search.getSizeLimit(), controls(search.getControls()));
        }
        if (first instanceof ModifyRequest modify) {
            return "modify %s %s%s".formatted(modify.getDN(), modify.getModifications().stream().map(MembershipReport::describe)
                    .collect(Collectors.joining(", ", "[", "]")), controls(modify.getControls()));
        }
        return call.describe();
    }

    private static String describe(Modification m) {
        return m.getModificationType().getName() + " " + m.getAttributeName() + ": " + String.join("; ", m.getValues());
    }

    private static String controls(Control[] controls) {
        if (controls.length == 0) {
            return "";
        }
        return Arrays.stream(controls).map(c -> c instanceof PostReadRequestControl p
                        ? "post-read " + Arrays.toString(p.getAttributes()) : c.getControlName())
                .collect(Collectors.joining(", ", " controls: ", ""));
    }

    private double perPatch(Group group, Kind kind) {
        long ops = of(group, Phase.BRIDGE).mapToLong(PhaseResult::ops).sum();
        return of(group, Phase.BRIDGE).mapToLong(r -> r.ldap().getOrDefault(kind, 0L)).sum() / (double) ops;
    }

    /** Heap after GC before the group's first measured bridge phase. */
    private long heapBefore(Group group) {
        return of(group, Phase.BRIDGE).findFirst().map(PhaseResult::heapBefore).orElse(-1L);
    }

    /** Heap after GC after the group's last measured bridge phase. */
    private long heapAfter(Group group) {
        return of(group, Phase.BRIDGE).reduce((a, b) -> b).map(PhaseResult::heapAfter).orElse(-1L);
    }

    private PhaseResult inRound(Group group, Phase phase, int round) {
        return of(group, phase).filter(r -> r.round() == round).findFirst().orElseThrow();
    }

    private Stream<PhaseResult> of(Group group, Phase phase) {
        return results.stream().filter(r -> r.group().equals(group.name()) && r.kind() == phase);
    }

    private double median(Group group, Phase phase, ToDoubleFunction<PhaseResult> metric) {
        double[] values = of(group, phase).mapToDouble(metric).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
