package org.scimbridge.bridge.guard;

import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.config.BridgeConfig.Cap;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.mapping.ScimException;

/**
 * Blast-radius caps (README "Guards"): at most {@code max} deactivations, deletes or member removals per window. A request
 * is counted before it writes, all its kinds at once, and refused whole when one would go past its cap: 403, because
 * the refusal is an operator's policy about this client's changes, not a rate the client should back off from (429
 * invites automatic retries that a manual guard never lets through) nor a conflict with the resource's state (409).
 */
public final class Guards {

    private static final Logger LOG = Logger.getLogger(Guards.class.getName());

    private final Map<GuardKind, Cap> caps;
    private final GuardState state;
    private final Clock clock;
    private final Map<GuardKind, AtomicLong> refusals = new EnumMap<>(GuardKind.class);

    public Guards(Map<GuardKind, Cap> caps, GuardState state, Clock clock) {
        this.caps = Map.copyOf(caps);
        this.state = state;
        this.clock = clock;
        caps.keySet().forEach(kind -> refusals.put(kind, new AtomicLong()));
    }

    public boolean caps(GuardKind kind) {
        return caps.containsKey(kind);
    }

    public Map<GuardKind, Cap> all() {
        return caps;
    }

    /**
     * Counts {@code wanted} changes per kind, or refuses them all: a 403 naming the guard and how it opens again, with
     * {@code guard:KIND} as the audit record's result. When the state file cannot be read or written, destructive writes
     * are refused (503) rather than let through uncounted.
     */
    public void admit(Map<GuardKind, Integer> wanted, AuditEvent event) {
        Map<GuardKind, Integer> counted = new EnumMap<>(GuardKind.class);
        wanted.forEach((kind, count) -> {
            if (count > 0 && caps.containsKey(kind)) {
                counted.put(kind, count);
            }
        });
        if (counted.isEmpty()) {
            return;
        }
        long now = clock.millis();
        Map<GuardKind, Ledger.Decision> decisions = new EnumMap<>(GuardKind.class);
        try {
            state.update(ledgers -> {
                decisions.clear();
                counted.forEach((kind, count) -> decisions.put(kind, ledgers.getOrDefault(kind, Ledger.EMPTY)
                        .ask(count, now, caps.get(kind))));
                boolean all = decisions.values().stream().allMatch(Ledger.Decision::admitted);
                Map<GuardKind, Ledger> next = new EnumMap<>(GuardKind.class);
                next.putAll(ledgers);
                // Refused: only the tripped flags change, nothing of the request is counted. Admitted: every kind counts.
                decisions.forEach((kind, d) -> next.put(kind, all || !d.admitted() ? d.ledger()
                        : ledgers.getOrDefault(kind, Ledger.EMPTY)));
                return next;
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "guard state " + state.file() + " cannot be updated; destructive writes are refused", e);
            event.ldapResult("guard:state");
            throw ScimException.unavailable("the blast-radius guards cannot count this change (their state file is not"
                    + " usable), so it is refused; nothing was written");
        }
        for (Map.Entry<GuardKind, Ledger.Decision> refused : decisions.entrySet()) {
            if (!refused.getValue().admitted()) {
                GuardKind kind = refused.getKey();
                refusals.get(kind).incrementAndGet();
                event.ldapResult("guard:" + kind.key());
                throw new ScimException(403, null, refusal(kind, counted.get(kind), refused.getValue().inWindow()));
            }
        }
    }

    private String refusal(GuardKind kind, int wanted, int inWindow) {
        Cap cap = caps.get(kind);
        String opens = cap.reset() == Cap.Reset.MANUAL
                ? "an operator must acknowledge with `scim-bridge guard reset " + kind.key() + "`"
                : "it opens again as earlier changes leave the " + Durations.text(cap.window()) + " window";
        return "blast-radius guard '" + kind.key() + "' refused this request, which would make " + wanted + " of them: "
                + inWindow + " of at most " + cap.max() + " per " + Durations.text(cap.window())
                + " were already made; nothing was written; " + opens;
    }

    /** Refusals since start, per kind: the metric {@code scim_bridge_guard_refusals_total}. */
    public long refusals(GuardKind kind) {
        return Optional.ofNullable(refusals.get(kind)).map(AtomicLong::get).orElse(0L);
    }

    /** Changes within the window now, per kind (the gauge); -1 when the state file cannot be read. */
    public long inWindow(GuardKind kind) {
        try {
            return state.read().getOrDefault(kind, Ledger.EMPTY).inWindow(clock.millis(), caps.get(kind));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One line per capped kind, for {@code scim-bridge guard status}. */
    public List<String> status() throws IOException {
        Map<GuardKind, Ledger> ledgers = state.read();
        long now = clock.millis();
        return caps.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            Ledger ledger = ledgers.getOrDefault(e.getKey(), Ledger.EMPTY);
            Cap cap = e.getValue();
            return e.getKey().key() + ": " + ledger.inWindow(now, cap) + " of " + cap.max() + " per "
                    + Durations.text(cap.window()) + ", reset " + cap.reset().name().toLowerCase(Locale.ROOT)
                    + (ledger.tripped() ? ", REFUSING until reset" : "");
        }).toList();
    }

    /** Forgets the count and the refusal of {@code kind}, or of every kind. */
    public void reset(Optional<GuardKind> kind) throws IOException {
        if (kind.isEmpty()) {
            state.clear();
            return;
        }
        state.update(ledgers -> {
            Map<GuardKind, Ledger> next = new EnumMap<>(GuardKind.class);
            next.putAll(ledgers);
            next.remove(kind.get());
            return next;
        });
    }
}
