package org.scimbridge.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.Main;
import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.config.BridgeConfig.Audit;

/** {@code scim-bridge audit verify FILE} as an operator runs it: exit code and what it prints. */
class AuditCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path chainedFile(int records) throws IOException {
        Path file = folder.resolve("audit.log");
        try (AuditLog log = AuditLog.open(new Audit(List.of(new Audit.FileSink(file)), false, true))) {
            for (int i = 0; i < records; i++) {
                log.record(new AuditEvent("req-" + i, "127.0.0.1", "DELETE", "/scim/v2/Users/" + i), 204, 2);
            }
        }
        return file;
    }

    @Test
    void anIntactFileExitsZeroWithASummary() throws IOException {
        Path file = chainedFile(3);
        assertEquals(0, run("audit", "verify", file.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(file + ": 3 records intact, sequence 1 to 3"), out.toString());
    }

    @Test
    void aRemovedRecordExitsOneNamingTheLine() throws IOException {
        Path file = chainedFile(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        assertEquals(1, run("audit", "verify", file.toString()));
        assertEquals(file + ": line 2: records removed before this line: sequence 3 follows 1\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileExitsTwo() {
        assertEquals(2, run("audit", "verify", folder.resolve("none.log").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read"), err.toString());
    }

    @Test
    void aSubcommandOtherThanVerifyIsAUsageError() {
        assertEquals(2, run("audit", "repair", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: scim-bridge audit verify FILE"), err.toString());
    }

    @Test
    void theUsageNamesTheAuditCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("audit verify FILE"));
    }
}
