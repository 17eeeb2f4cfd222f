package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    @TempDir
    Path folder;

    @Test
    void appendsOneLinePerRecordToWhatTheFileHeld() throws IOException {
        Path file = folder.resolve("logs/audit.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "earlier\n");
        try (FileSink sink = FileSink.open(file)) {
            assertTrue(sink.take("one", 6));
            assertTrue(sink.take("two", 6));
        }
        assertEquals(List.of("earlier", "one", "two"), Files.readAllLines(file));
    }

    @Test
    void createsMissingFolders() throws IOException {
        try (FileSink sink = FileSink.open(folder.resolve("a/b/audit.log"))) {
            assertTrue(sink.take("one", 6));
        }
        assertTrue(Files.exists(folder.resolve("a/b/audit.log")));
    }

    @Test
    void aFullDiskMakesTheSinkUnhealthy() throws IOException {
        try (FileSink sink = FileSink.open(Path.of("/dev/full"))) {
            assertTrue(sink.healthy());
            assertFalse(sink.take("one", 6));
            assertFalse(sink.healthy());
        }
    }
}
