package org.scimbridge.bridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.testing.Eventually;
import org.scimbridge.mapping.ScimException;

/**
 * How a write's steps turn a failure into a repair: the state machine of {@link WriteSteps} and {@link Repairs}, with
 * an executor that stands for the directory's answers (the directory itself is in InterruptedWritesIT).
 */
class RepairsTest {

    private static final ScimException DOWN = ScimException.unavailable("the directory is not available right now");
    private static final ScimException REFUSED = ScimException.invalidValue("the directory refused the change");

    @TempDir
    Path folder;

    private final ByteArrayOutputStream audit = new ByteArrayOutputStream();

    @Test
    void aWriteThatCompletesLeavesNothingInTheJournal() throws Exception {
        try (Repairs repairs = repairs(r -> Outcome.done())) {
            WriteSteps steps = repairs.steps();
            steps.record(deleteCreated());
            assertEquals(1, RepairJournal.read(file()).size(), "recorded before the next step");
            steps.done();
            assertEquals(List.of(), RepairJournal.read(file()));
        }
    }

    @Test
    void anUndoThatSucceedsAtOnceAnswersTheStepsOwnError() throws Exception {
        try (Repairs repairs = repairs(r -> Outcome.done())) {
            WriteSteps steps = repairs.steps();
            steps.record(deleteCreated());
            assertSame(REFUSED, steps.failed(REFUSED));
            assertEquals(List.of(), RepairJournal.read(file()));
            assertEquals(0, repairs.pending());
            assertTrue(audit().contains("REPAIR-User") && audit().contains("deleteCreated"), audit());
        }
    }

    @Test
    void anUndoThatCannotReachTheDirectoryAnswers503AndIsRetriedUntilDone() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Repairs repairs = repairs(r -> attempts.incrementAndGet() < 3 ? Outcome.retry("down") : Outcome.done())) {
            WriteSteps steps = repairs.steps();
            steps.record(deleteCreated());
            RuntimeException answered = steps.failed(REFUSED);
            assertEquals(503, ((ScimException) answered).status());
            Eventually.await(() -> attempts.get() >= 3 && repairs.pending() == 0, () -> attempts + " attempts");
            Eventually.await(() -> readQuietly().isEmpty(), () -> "journal: " + readQuietly());
        }
    }

    @Test
    void aRollForwardWaitsForTheDirectoryOnlyWhenItIsUnreachable() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Repairs repairs = repairs(r -> {
            attempts.incrementAndGet();
            return Outcome.done();
        })) {
            WriteSteps refused = repairs.steps();
            refused.record(new Repair.RecomputeRoles(List.of("uid=a,ou=people,dc=example,dc=com")));
            assertSame(REFUSED, refused.failed(REFUSED), "repeating a refused step would be refused again");
            assertEquals(0, attempts.get());
            assertEquals(List.of(), RepairJournal.read(file()));

            WriteSteps cut = repairs.steps();
            cut.record(new Repair.RecomputeRoles(List.of("uid=a,ou=people,dc=example,dc=com")));
            assertSame(DOWN, cut.failed(DOWN));
            Eventually.await(() -> attempts.get() == 1 && readQuietly().isEmpty(), () -> "journal: " + readQuietly());
        }
    }

    @Test
    void aFailureBeforeAnythingWasRecordedIsPassedOn() throws Exception {
        try (Repairs repairs = repairs(r -> Outcome.done())) {
            assertSame(DOWN, repairs.steps().failed(DOWN));
        }
    }

    @Test
    void aRepairStillPendingAtStopStaysInTheJournalForTheNextStart() throws Exception {
        Repairs repairs = repairs(r -> Outcome.retry("down"));
        WriteSteps steps = repairs.steps();
        steps.record(deleteCreated());
        steps.failed(DOWN);
        repairs.close();
        assertEquals(1, RepairJournal.read(file()).size());

        AtomicInteger attempts = new AtomicInteger();
        try (Repairs next = repairs(r -> {
            attempts.incrementAndGet();
            return Outcome.done();
        })) {
            Eventually.await(() -> attempts.get() == 1 && readQuietly().isEmpty(), () -> "journal: " + readQuietly());
        }
    }

    @Test
    void disabledRepairsRecordNothing() {
        try (Repairs repairs = Repairs.disabled()) {
            WriteSteps steps = repairs.steps();
            steps.record(deleteCreated());
            assertFalse(steps.active());
            assertSame(REFUSED, steps.failed(REFUSED));
        }
    }

    private Repairs repairs(Repairs.Executor executor) throws IOException {
        Repairs repairs = Repairs.of(RepairJournal.open(file()), new AuditLog(List.of(audit), Clock.systemUTC()),
                Duration.ofMillis(50));
        repairs.start(executor);
        return repairs;
    }

    private Path file() {
        return folder.resolve("repairs.json");
    }

    private List<RepairJournal.Record> readQuietly() {
        try {
            return RepairJournal.read(file());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String audit() {
        return audit.toString(StandardCharsets.UTF_8);
    }

    private static Repair deleteCreated() {
        try {
            return new Repair.DeleteCreated("User", "5f2c", new DN("uid=a,ou=people,dc=example,dc=com"));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }
}
