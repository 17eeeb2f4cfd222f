package org.scimbridge.bridge.guard;

import java.util.ArrayList;
import java.util.List;

import org.scimbridge.bridge.config.BridgeConfig.Cap;

/**
 * One guard's count, pure: the changes admitted within its window and whether it refused since the last reset. The
 * window slides: a change leaves it {@code window} after it was admitted, so a burst right after a quiet window edge
 * cannot pass twice the cap as a fixed window would let it.
 *
 * @param tripped  it refused and its reset is manual: it refuses everything until an operator resets it
 * @param admitted changes admitted, oldest first; at most {@code max} entries, as each counts at least one
 */
public record Ledger(boolean tripped, List<Admitted> admitted) {

    public static final Ledger EMPTY = new Ledger(false, List.of());

    public Ledger {
        admitted = List.copyOf(admitted);
    }

    /** @param atMillis when, in epoch milliseconds; @param count how many changes one request made */
    public record Admitted(long atMillis, int count) {
    }

    /** What {@link #ask} decided: the ledger to store either way, and whether the changes may be written. */
    public record Decision(boolean admitted, Ledger ledger, int inWindow) {
    }

    /** Changes counted within the window ending at {@code nowMillis}. */
    public int inWindow(long nowMillis, Cap cap) {
        return pruned(nowMillis, cap).admitted.stream().mapToInt(Admitted::count).sum();
    }

    /**
     * Whether {@code wanted} more changes fit at {@code nowMillis}: all of them or none, never a part (a request is
     * refused whole, so nothing it does is written).
     */
    public Decision ask(int wanted, long nowMillis, Cap cap) {
        Ledger current = pruned(nowMillis, cap);
        int used = current.admitted.stream().mapToInt(Admitted::count).sum();
        boolean manual = cap.reset() == Cap.Reset.MANUAL;
        if (manual && current.tripped || (long) used + wanted > cap.max()) {
            return new Decision(false, new Ledger(manual, current.admitted), used);
        }
        List<Admitted> more = new ArrayList<>(current.admitted);
        more.add(new Admitted(nowMillis, wanted));
        return new Decision(true, new Ledger(current.tripped, more), used + wanted);
    }

    private Ledger pruned(long nowMillis, Cap cap) {
        long since = nowMillis - cap.window().toMillis();
        return new Ledger(tripped, admitted.stream().filter(a -> a.atMillis > since).toList());
    }
}
