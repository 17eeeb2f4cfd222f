package org.scimbridge.bridge.journal;

import java.util.Optional;
import java.util.logging.Logger;

import org.scimbridge.mapping.ScimException;

/**
 * One SCIM write that takes several LDAP operations, as the journal sees it: before a later operation the request
 * {@link #record}s what would have to happen should it stop there (an undo, or the rest of the work); then either
 * {@link #done()}, or {@link #failed} with what stopped it, which repairs now or hands the repair to the background.
 * Not shared between threads: one request, one instance.
 */
public final class WriteSteps {

    private static final Logger LOG = Logger.getLogger(WriteSteps.class.getName());

    private final Repairs repairs;
    private Optional<String> recordId = Optional.empty();
    private Repair current;

    WriteSteps(Repairs repairs) {
        this.repairs = repairs;
    }

    /** What must happen from here on should the write stop; durable before it returns. */
    public void record(Repair repair) {
        if (!repairs.enabled() || repair.equals(current)) {
            return;
        }
        if (recordId.isEmpty()) {
            recordId = repairs.record(repair);
        } else if (!repairs.replace(recordId.get(), repair)) {
            repairs.forget(recordId.get());
            recordId = repairs.record(repair);
        }
        current = repair;
    }

    /** Whether something is recorded: a failure now is one between two steps. */
    public boolean active() {
        return current != null;
    }

    /**
     * The write stopped with {@code failure} after what was recorded. An undo is tried at once (the directory refused
     * a step but may well answer), a roll-forward only later (it would meet the same refusal now), and only when the
     * directory is unreachable. Returns what the client gets: {@code failure}, or 503 when the repair has to wait for
     * the directory.
     */
    public RuntimeException failed(RuntimeException failure) {
        if (current == null) {
            return failure;
        }
        Repair repair = current;
        current = null;
        boolean unavailable = failure instanceof ScimException scim && scim.status() == 503;
        if (repair.undo()) {
            Outcome outcome = repairs.attempt(repair);
            if (outcome.result() != Outcome.Result.RETRY) {
                recordId.ifPresent(repairs::forget);
                return failure;
            }
        } else if (!unavailable) {
            LOG.warning(repair.kind() + " of " + repair.type() + " " + repair.id() + " not repeated: the directory refused"
                    + " the step itself (" + failure.getMessage() + ")");
            recordId.ifPresent(repairs::forget);
            return failure;
        }
        repairs.handOver(recordId, repair);
        if (unavailable) {
            return failure;
        }
        ScimException replaced = ScimException.unavailable("the directory could not be reached to undo a partial write;"
                + " the bridge undoes it as soon as it can; retry later");
        replaced.initCause(failure);
        return replaced;
    }

    /** The write completed: nothing left to repair. */
    public void done() {
        current = null;
        recordId.ifPresent(repairs::forget);
        recordId = Optional.empty();
    }
}
