package org.scimbridge.bridge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.config.BridgeConfig.Cap;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.mapping.ScimException;

/** The guards' state file: shared by instances (as by the bridge and the command), kept across restarts, repairable. */
class GuardStateTest {

    private static final Map<GuardKind, Cap> CAPS = Map.of(
            GuardKind.DELETES, new Cap(2, Duration.ofMinutes(10), Cap.Reset.MANUAL),
            GuardKind.MEMBER_REMOVALS, new Cap(10, Duration.ofMinutes(10), Cap.Reset.MANUAL));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private Guards guards() {
        return new Guards(CAPS, new GuardState(folder.resolve("guards.json")), CLOCK);
    }

    private static AuditEvent event() {
        return new AuditEvent("r", "127.0.0.1", "DELETE", "/scim/v2/Users/x");
    }

    @Test
    void aSecondInstanceSeesTheCountOfTheFirst() {
        guards().admit(Map.of(GuardKind.DELETES, 2), event());

        ScimException refused = assertThrows(ScimException.class, () -> guards().admit(Map.of(GuardKind.DELETES, 1), event()));

        assertEquals(403, refused.status());
    }

    @Test
    void aRequestIsRefusedWholeWhenOneOfItsKindsIsOverTheCap() {
        AuditEvent event = event();

        Map<GuardKind, Integer> wanted = Map.of(GuardKind.DELETES, 3, GuardKind.MEMBER_REMOVALS, 1);
        assertThrows(ScimException.class, () -> guards().admit(wanted, event));

        assertEquals("guard:deletes", event.ldapResult());
        assertEquals(0, guards().inWindow(GuardKind.MEMBER_REMOVALS), "the admissible part was not counted either");
    }

    @Test
    void resetOfOneKindLeavesTheOthers() throws IOException {
        guards().admit(Map.of(GuardKind.DELETES, 1, GuardKind.MEMBER_REMOVALS, 4), event());

        guards().reset(Optional.of(GuardKind.DELETES));

        assertEquals(0, guards().inWindow(GuardKind.DELETES));
        assertEquals(4, guards().inWindow(GuardKind.MEMBER_REMOVALS));
    }

    @Test
    void anUnreadableStateFileRefusesDestructiveWritesWith503() throws IOException {
        Files.writeString(folder.resolve("guards.json"), "not json [");

        ScimException refused = assertThrows(ScimException.class, () -> guards().admit(Map.of(GuardKind.DELETES, 1), event()));

        assertEquals(503, refused.status());
    }

    @Test
    void resetOfAllRepairsAnUnreadableStateFile() throws IOException {
        Files.writeString(folder.resolve("guards.json"), "not json [");

        guards().reset(Optional.empty());

        guards().admit(Map.of(GuardKind.DELETES, 1), event());
        assertEquals(List.of("deletes: 1 of 2 per 10m, reset manual", "memberRemovals: 0 of 10 per 10m, reset manual"),
                guards().status());
        assertTrue(Files.readString(folder.resolve("guards.json")).startsWith("{"));
    }

    @Test
    void kindsWithoutACapAreNotCounted() {
        guards().admit(Map.of(GuardKind.DEACTIVATIONS, 1000), event());

        assertTrue(!Files.exists(folder.resolve("guards.json")), "nothing to count, nothing written");
    }
}
