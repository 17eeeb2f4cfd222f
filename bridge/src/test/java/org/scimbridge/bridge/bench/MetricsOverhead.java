package org.scimbridge.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.scimbridge.bridge.observe.LdapMetrics;

/**
 * What the LDAP metrics add to one operation: the logger callbacks for a search request and its result, as the
 * connection reader calls them, timed against UnboundID's no-op logger. Runs on the caller's threads (1 and 2, the
 * appliance's core count), after a warm-up; a rough figure, not JMH, to show the order of magnitude.
 * <p>{@code java -cp <test classpath> org.scimbridge.bridge.bench.MetricsOverhead [operations]}
 */
public final class MetricsOverhead {

    private MetricsOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        LdapMetrics metrics = new LdapMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        LDAPConnectionLogger noop = new LDAPConnectionLogger() {
        };
        for (int round = 0; round < 3; round++) {
            for (int threads : new int[] {1, 2}) {
                double base = perOperation(noop, threads, operations);
                double metered = perOperation(metrics, threads, operations);
                System.out.printf(Locale.ROOT, "round %d, %d thread(s): no-op logger %.1f ns, LdapMetrics %.1f ns, added %.1f ns"
                        + " per operation%n", round, threads, base, metered, metered - base);
            }
        }
    }

    /** Wall time per operation (request + result) with {@code threads} threads each sending {@code operations}. */
    private static double perOperation(LDAPConnectionLogger logger, int threads, int operations) throws InterruptedException {
        SearchResult result = new SearchResult(1, ResultCode.SUCCESS, null, null, null, 1, 0, null);
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            LDAPConnection connection = new LDAPConnection(); // its own connection id, as each pooled connection has
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < operations; i++) {
                    logger.logSearchRequest(connection, i, null);
                    logger.logSearchResult(connection, i, result);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return (System.nanoTime() - start) / (double) operations;
    }
}
