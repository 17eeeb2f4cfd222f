package org.scimbridge.bridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The soak's closing note in Markdown: error rate, latency percentiles per kind, heap after GC and RSS over time. */
record SoakReport(String header, Map<SoakTraffic.Kind, List<Long>> latencies, Map<SoakTraffic.Kind, Integer> errors,
                  List<Sample> samples, List<String> errorSamples, Duration measured) {

    /** One reading of memory: when (seconds into the soak), heap in use after a full GC, the process' resident set. */
    record Sample(long second, long heapAfterGcBytes, long rssBytes, long slapdRssBytes) {
    }

    String markdown() {
        StringBuilder out = new StringBuilder(header).append("\n\n");
        long total = latencies.values().stream().mapToLong(List::size).sum();
        long failed = errors.values().stream().mapToLong(Integer::longValue).sum();
        out.append("Requests: %,d in %d s (%.1f/s); errors: %,d (rate %.4f %%)%n%n".formatted(total, measured.toSeconds(),
                total / Math.max(1.0, measured.toMillis() / 1000.0), failed, total == 0 ? 0.0 : 100.0 * failed / total));
        out.append("| kind | requests | errors | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        latencies.forEach((kind, list) -> {
            List<Long> sorted = new ArrayList<>(list);
            sorted.sort(null);
            out.append("| %s | %,d | %d | %s | %s | %s | %s |%n".formatted(kind.name().toLowerCase(java.util.Locale.ROOT),
                    sorted.size(), errors.get(kind), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0)));
        });
        out.append("\n| second | heap after GC MB | bridge RSS MB | slapd RSS MB |\n|---:|---:|---:|---:|\n");
        for (Sample s : samples) {
            out.append("| %d | %.1f | %.1f | %.1f |%n".formatted(s.second(), s.heapAfterGcBytes() / 1048576.0,
                    s.rssBytes() / 1048576.0, s.slapdRssBytes() / 1048576.0));
        }
        if (samples.size() >= 3) {
            // The first reading is taken before the caches (entry DN map, JIT) filled; the trend starts at the second.
            double first = samples.get(1).heapAfterGcBytes();
            double last = samples.getLast().heapAfterGcBytes();
            out.append("%nHeap after GC from the second to the last reading: %+.1f MB (%+.1f %%)%n".formatted(
                    (last - first) / 1048576.0, 100.0 * (last - first) / first));
        }
        if (!errorSamples.isEmpty()) {
            out.append("\nFirst errors:\n\n");
            errorSamples.forEach(e -> out.append("- `").append(e.replace('`', '\'')).append("`\n"));
        }
        return out.toString();
    }

    private static String ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return "%.2f".formatted(sorted.get(Math.max(0, index)) / 1_000_000.0);
    }
}
