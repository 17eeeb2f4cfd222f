package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastUsedTest {

    private static final Instant T = Instant.parse("2026-11-30T04:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aFlushMergesWithWhatOtherInstancesWroteKeepingTheLaterUse() throws IOException {
        Path file = folder.resolve("tokens.yaml.last-used");
        LastUsed first = new LastUsed();
        first.record("okta", T.plusSeconds(10));
        first.record("entra", T);
        first.flush(file);
        LastUsed second = new LastUsed();
        second.record("okta", T);
        second.record("entra", T.plusSeconds(5));
        second.flush(file);

        assertEquals(Map.of("okta", T.plusSeconds(10), "entra", T.plusSeconds(5)), LastUsed.read(file));
    }

    @Test
    void nothingSeenWritesNothing() throws IOException {
        Path file = folder.resolve("state");
        new LastUsed().flush(file);
        assertFalse(Files.exists(file));
    }

    @Test
    void theListingTakesTheLaterOfMemoryAndFile() {
        LastUsed memory = new LastUsed();
        memory.record("okta", T);
        assertEquals(Optional.of(T.plusSeconds(1)), memory.of("okta", Map.of("okta", T.plusSeconds(1))));
        assertEquals(Optional.of(T), memory.of("okta", Map.of()));
        assertEquals(Optional.empty(), memory.of("entra", Map.of()));
    }

    @Test
    void anUnreadableStateFileIsEmptyNotAnError() throws IOException {
        assertEquals(Map.of(), LastUsed.read(Files.writeString(folder.resolve("state"), "okta: [not, a, date]\n")));
    }
}
