package org.scimbridge.bridge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.config.BridgeConfig.Cap;

/** The window counting of one guard, on a clock the test moves by hand. */
class LedgerTest {

    private static final Cap MANUAL = new Cap(3, Duration.ofMinutes(10), Cap.Reset.MANUAL);
    private static final Cap WINDOW = new Cap(3, Duration.ofMinutes(10), Cap.Reset.WINDOW);
    private static final long MINUTE = 60_000;

    @Test
    void admitsChangesUpToTheCap() {
        Ledger ledger = Ledger.EMPTY.ask(2, 0, MANUAL).ledger();

        Ledger.Decision third = ledger.ask(1, MINUTE, MANUAL);

        assertTrue(third.admitted());
        assertEquals(3, third.inWindow());
    }

    @Test
    void refusesARequestThatWouldGoPastTheCapAndCountsNoneOfIt() {
        Ledger ledger = Ledger.EMPTY.ask(2, 0, WINDOW).ledger();

        Ledger.Decision decision = ledger.ask(2, MINUTE, WINDOW);

        assertFalse(decision.admitted());
        assertEquals(2, decision.ledger().inWindow(MINUTE, WINDOW));
    }

    @Test
    void aSingleRequestLargerThanTheCapIsRefusedEvenWhenNothingElseWasCounted() {
        assertFalse(Ledger.EMPTY.ask(4, 0, WINDOW).admitted());
    }

    @Test
    void changesLeaveTheWindowOneByOneAsItSlides() {
        Ledger ledger = Ledger.EMPTY.ask(1, 0, WINDOW).ledger().ask(2, 5 * MINUTE, WINDOW).ledger();

        assertEquals(3, ledger.inWindow(10 * MINUTE - 1, WINDOW));
        assertEquals(2, ledger.inWindow(10 * MINUTE, WINDOW));
        assertEquals(0, ledger.inWindow(15 * MINUTE, WINDOW));
    }

    @Test
    void aWindowGuardAdmitsAgainOnceEnoughChangesLeftTheWindow() {
        Ledger full = Ledger.EMPTY.ask(3, 0, WINDOW).ledger();
        Ledger refused = full.ask(1, MINUTE, WINDOW).ledger();

        assertTrue(refused.ask(1, 10 * MINUTE, WINDOW).admitted());
    }

    @Test
    void aManualGuardThatRefusedStaysShutAfterTheWindowPassed() {
        Ledger refused = Ledger.EMPTY.ask(3, 0, MANUAL).ledger().ask(1, MINUTE, MANUAL).ledger();

        assertTrue(refused.tripped());
        assertFalse(refused.ask(1, 60 * MINUTE, MANUAL).admitted());
    }

    @Test
    void aCapOfZeroRefusesEveryChange() {
        assertFalse(Ledger.EMPTY.ask(1, 0, new Cap(0, Duration.ofMinutes(1), Cap.Reset.WINDOW)).admitted());
    }
}
