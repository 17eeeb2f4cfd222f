package org.scimbridge.bridge.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * One measured phase: {@code ops} operations adding and removing values in the order of {@code pattern}, their latencies,
 * and what they cost the directory and this JVM.
 *
 * @param kind        raw, replay or bridge
 * @param latencies   nanoseconds per operation, in order
 * @param ldap        LDAP operations the bridge issued during the phase, by kind (empty for raw and replay)
 * @param cost        slapd CPU, JVM CPU, allocation and GC count during the phase
 * @param heapBefore  bytes in use after a full GC before the phase (-1 where not measured)
 * @param heapAfter   bytes in use after a full GC after the phase (-1 where not measured)
 */
record PhaseResult(Phase kind, Pattern pattern, String group, int round, int ops, long elapsedNanos, long[] latencies,
                   Map<CountingLdap.Kind, Long> ldap, Resources.Reading cost, long heapBefore, long heapAfter) {

    /** What a phase sends, in the order of the report's columns. */
    enum Phase {
        RAW("raw modify"), REPLAY("replay of the bridge's LDAP calls"), BRIDGE("bridge PATCH");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    double opsPerSecond() {
        return ops * 1e9 / elapsedNanos;
    }

    /** Median latency in ms of all operations ({@code parity} -1), of the adds (0) or of the removes (1). */
    double p50Millis(int parity) {
        long[] chosen = new long[ops];
        int n = 0;
        for (int i = 0; i < ops; i++) {
            if (parity < 0 || pattern.isAdd(i) == (parity == 0)) {
                chosen[n++] = latencies[i];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(chosen, n);
        Arrays.sort(sorted);
        return sorted[n / 2] / 1e6;
    }

    double perOp(CountingLdap.Kind kind) {
        return ldap.getOrDefault(kind, 0L) / (double) ops;
    }

    double slapdCpuMicrosPerOp() {
        return cost.slapdCpuNanos() < 0 ? Double.NaN : cost.slapdCpuNanos() / 1e3 / ops;
    }

    double jvmCpuMicrosPerOp() {
        return cost.jvmCpuNanos() / 1e3 / ops;
    }

    double threadCpuMicrosPerOp(Resources.ThreadGroup group) {
        return cost.threadCpuNanos().getOrDefault(group, 0L) / 1e3 / ops;
    }

    double allocatedKbPerOp() {
        return cost.allocatedBytes() / 1024.0 / ops;
    }
}
