package org.scimbridge.bridge.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.mapping.ScimException;

/**
 * The compensation side of multi-step writes (README "Interrupted writes"): requests record what must happen should they stop
 * between two LDAP operations ({@link #steps()}), and a repair that could not be done at once, because the directory is
 * unreachable, is handed to a background thread that retries it with backoff until it is done. Repairs a previous run
 * left in the journal are taken up at {@link #start}. Every repair done, skipped or given up is audited (kind, type, id,
 * DN; never a value).
 */
public final class Repairs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Repairs.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    /** Carries out one repair against the directory; {@link ScimException}s are outcomes too (503 = retry). */
    @FunctionalInterface
    public interface Executor {
        Outcome apply(Repair repair);
    }

    private final Optional<RepairJournal> journal;
    private final AuditLog audit;
    private final Duration maxBackoff;
    /** Record id to repair: what failed in a request or was left by a previous run, for the background thread. */
    private final Map<String, Repair> handedOver = new LinkedHashMap<>();
    private volatile Executor executor;
    private Thread worker;
    private boolean closed;

    private Repairs(Optional<RepairJournal> journal, AuditLog audit, Duration maxBackoff) {
        this.journal = journal;
        this.audit = audit;
        this.maxBackoff = maxBackoff.compareTo(FIRST_BACKOFF) < 0 ? FIRST_BACKOFF : maxBackoff;
    }

    /** Repairs recorded in {@code journal}, retried at most {@code maxBackoff} apart while the directory is away. */
    public static Repairs of(RepairJournal journal, AuditLog audit, Duration maxBackoff) {
        return new Repairs(Optional.of(journal), audit, maxBackoff);
    }

    /** No journal and no repairs: dry-run mode, where nothing is written that could need one. */
    public static Repairs disabled() {
        return new Repairs(Optional.empty(), new AuditLog(List.of(), java.time.Clock.systemUTC()), FIRST_BACKOFF);
    }

    public boolean enabled() {
        return journal.isPresent();
    }

    /**
     * Starts repairing with {@code executor}: what a previous run left (its owner is gone) first, then whatever requests
     * hand over. Called once the routes, and so the executor's collaborators, exist.
     */
    public synchronized void start(Executor executor) {
        if (journal.isEmpty() || worker != null) {
            return;
        }
        this.executor = executor;
        try {
            for (RepairJournal.Record orphan : journal.get().claimOrphans()) {
                LOG.warning("repairing what a previous run left unfinished: " + describe(orphan.repair()));
                handedOver.put(orphan.id(), orphan.repair());
            }
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot read the repair journal " + journal.get().file().orElseThrow() + ": " + e.getMessage(), e);
        }
        worker = Thread.ofVirtual().name("scim-bridge-repairs").start(this::run);
    }

    /** The steps of one write: record before a later step, {@link WriteSteps#failed} or {@link WriteSteps#done} after. */
    public WriteSteps steps() {
        return new WriteSteps(this);
    }

    /** Repairs waiting for the directory (not those of writes still in progress). */
    public synchronized int pending() {
        return handedOver.size();
    }

    // ---- used by WriteSteps ---------------------------------------------------------------------------------------

    /** Records {@code repair}; empty when the journal cannot be written (logged: the repair then lives in memory only). */
    Optional<String> record(Repair repair) {
        try {
            return Optional.of(journal.orElseThrow().add(repair));
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot record a pending repair in " + journal.get().file().orElseThrow()
                    + "; it is kept in memory only: " + e.getMessage(), e);
            return Optional.empty();
        }
    }

    boolean replace(String recordId, Repair repair) {
        try {
            journal.orElseThrow().replace(recordId, repair);
            return true;
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot update a pending repair in " + journal.get().file().orElseThrow() + ": "
                    + e.getMessage(), e);
            return false;
        }
    }

    void forget(String recordId) {
        try {
            journal.orElseThrow().remove(recordId);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot remove a finished repair from " + journal.get().file().orElseThrow()
                    + "; the next start repeats it, guarded by the entry's id: " + e.getMessage(), e);
        }
    }

    /** One attempt now; anything but a retry is audited. */
    Outcome attempt(Repair repair) {
        Executor current = executor;
        Outcome outcome;
        long started = System.nanoTime();
        if (current == null) {
            outcome = Outcome.retry("the bridge is not serving yet");
        } else {
            try {
                outcome = current.apply(repair);
            } catch (ScimException e) {
                outcome = e.status() == 503 ? Outcome.retry(e.detail()) : Outcome.failed(e.status() + " " + e.detail());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "repair failed: " + describe(repair), e);
                outcome = Outcome.failed(e.toString());
            }
        }
        if (outcome.result() != Outcome.Result.RETRY) {
            audited(repair, outcome, (System.nanoTime() - started) / 1_000_000);
        }
        return outcome;
    }

    /** The background thread takes over {@code repair}, kept under {@code recordId} (new when it was never recorded). */
    synchronized void handOver(Optional<String> recordId, Repair repair) {
        handedOver.put(recordId.orElseGet(() -> "memory-" + UUID.randomUUID()), repair);
        notifyAll();
    }

    // ---- the background thread ------------------------------------------------------------------------------------

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            List<Map.Entry<String, Repair>> due;
            synchronized (this) {
                while (!closed && handedOver.isEmpty()) {
                    if (!waitQuietly(0)) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                due = List.copyOf(handedOver.entrySet());
            }
            boolean again = false;
            for (Map.Entry<String, Repair> entry : due) {
                Outcome outcome = attempt(entry.getValue());
                if (outcome.result() == Outcome.Result.RETRY) {
                    again = true;
                    continue;
                }
                if (!entry.getKey().startsWith("memory-")) {
                    forget(entry.getKey());
                }
                synchronized (this) {
                    handedOver.remove(entry.getKey());
                }
            }
            backoff = again ? sleep(backoff) : FIRST_BACKOFF;
        }
    }

    /** Waits {@code backoff} (or until closed) and returns the next, doubled up to the maximum. */
    private Duration sleep(Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        synchronized (this) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                if (!waitQuietly(Math.max(1, left / 1_000_000))) {
                    break;
                }
            }
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }

    private boolean waitQuietly(long millis) {
        try {
            wait(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void audited(Repair repair, Outcome outcome, long millis) {
        String result = outcome.result().name().toLowerCase(java.util.Locale.ROOT);
        String message = describe(repair) + ": " + result + (outcome.reason().equals("-") ? "" : " (" + outcome.reason() + ")");
        switch (outcome.result()) {
            case DONE -> LOG.info("repair " + message);
            case SKIPPED -> LOG.warning("repair " + message);
            default -> LOG.severe("repair " + message);
        }
        AuditEvent event = new AuditEvent("repair-" + UUID.randomUUID(), "-", "REPAIR", repair.kind());
        event.tokenName("journal");
        event.resource(repair.type(), repair.id());
        event.dn(repair.dn());
        event.ldapResult(result);
        int status = switch (outcome.result()) {
            case DONE -> 200;
            case SKIPPED -> 409;
            default -> 500;
        };
        audit.record(event, status, millis);
    }

    private static String describe(Repair repair) {
        return repair.kind() + " of " + repair.type() + " " + repair.id() + " at " + repair.dn();
    }

    /** Stops the background thread; what is still pending stays in the journal for the next start. */
    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            closed = true;
            notifyAll();
            stopping = worker;
            if (!handedOver.isEmpty()) {
                LOG.warning(handedOver.size() + " repairs still pending at stop"
                        + journal.flatMap(RepairJournal::file).map(f -> "; kept in " + f + " for the next start")
                        .orElse(" and lost: this bridge has no journal file"));
            }
        }
        if (stopping != null) {
            try {
                stopping.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        journal.ifPresent(RepairJournal::close);
    }
}
