package org.scimbridge.bridge.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The native LDAP client the bridge is compared with: N threads, each with its own connection in UnboundID's synchronous
 * mode (no reader thread, so a thread's CPU is the whole client's cost), each doing one operation after the other for
 * the run's length, as a closed loop. Latency is taken around each operation.
 */
final class RawLoad {

    /** One operation of client {@code client} (0-based); {@code n} counts that client's operations from 0. */
    @FunctionalInterface
    interface Operation {
        void run(LDAPConnection connection, int client, long n) throws LDAPException;
    }

    private final SlapdServer slapd;

    RawLoad(SlapdServer slapd) {
        this.slapd = slapd;
    }

    Measurement run(int clients, Duration length, String unit, Operation operation) throws Exception {
        List<LDAPConnection> connections = new ArrayList<>();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setUseSynchronousMode(true);
        for (int c = 0; c < clients; c++) {
            connections.add(new LDAPConnection(options, slapd.host(), slapd.port(), slapd.adminDn(), slapd.adminPassword()));
        }
        try {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[][] latencies = new long[clients][];
            int[] counts = new int[clients];
            AtomicLong errors = new AtomicLong();
            AtomicLong cpu = new AtomicLong();
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[2];
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                workers.add(Thread.ofPlatform().name("raw-" + c).start(() -> {
                    long[] mine = new long[1 << 14];
                    int n = 0;
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long end = window[1];
                    LDAPConnection connection = connections.get(client);
                    for (long now = System.nanoTime(); now < end; ) {
                        try {
                            operation.run(connection, client, n);
                        } catch (LDAPException | RuntimeException e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.out.println("    raw error: " + e);
                            }
                        }
                        long after = System.nanoTime();
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = after - now;
                        now = after;
                    }
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - cpuStart);
                    latencies[client] = mine;
                    counts[client] = n;
                }));
            }
            ready.await();
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            go.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            double seconds = (System.nanoTime() - window[0]) / 1e9;
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int at = 0;
            for (int c = 0; c < clients; c++) {
                System.arraycopy(latencies[c], 0, all, at, counts[c]);
                at += counts[c];
            }
            Arrays.sort(all);
            return new Measurement(total, seconds, percentile(all, 0.50) / 1000, percentile(all, 0.99) / 1000, errors.get(),
                    cpu.get(), 0, 0, 0, unit);
        } finally {
            connections.forEach(LDAPConnection::close);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
