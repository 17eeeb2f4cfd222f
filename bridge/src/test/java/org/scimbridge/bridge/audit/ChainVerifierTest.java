package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig.Audit;

class ChainVerifierTest {

    @TempDir
    Path folder;

    /** Writes {@code count} chained records the way the bridge does, appending to {@code file}. */
    private static void write(Path file, int count) throws IOException {
        try (AuditLog log = AuditLog.open(new Audit(List.of(new Audit.FileSink(file)), false, true))) {
            for (int i = 0; i < count; i++) {
                AuditEvent event = new AuditEvent("req-" + i, "127.0.0.1", "PATCH", "/scim/v2/Users/" + i);
                event.tokenName("okta");
                event.changedAttributes(List.of("mail"));
                log.record(event, 200, 3);
            }
        }
    }

    private Path chained(int count) throws IOException {
        Path file = folder.resolve("audit.log");
        write(file, count);
        return file;
    }

    private static Path edit(Path file, Consumer<List<String>> change) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        change.accept(lines);
        return Files.write(file, lines);
    }

    @Test
    void anUntouchedFileIsIntact() throws IOException {
        ChainVerifier.Verdict verdict = ChainVerifier.verify(chained(5));
        assertTrue(verdict.intact(), verdict.message());
        assertTrue(verdict.message().startsWith("5 records intact, sequence 1 to 5; last record hash "), verdict.message());
    }

    @Test
    void theFirstRecordChainsFromTheSeed() throws IOException {
        String first = Files.readAllLines(chained(1)).getFirst();
        assertTrue(first.endsWith(" seq=\"1\" prev=\"" + "0".repeat(64) + "\"]"), first);
    }

    @Test
    void eachRecordCarriesTheHashOfTheOneBefore() throws IOException {
        List<String> lines = Files.readAllLines(chained(2));
        assertTrue(lines.get(1).endsWith(" seq=\"2\" prev=\"" + HashChain.sha256(lines.get(0)) + "\"]"), lines.get(1));
    }

    @Test
    void aRestartedBridgeContinuesTheChainOfTheFile() throws IOException {
        Path file = chained(3);
        write(file, 2);
        ChainVerifier.Verdict verdict = ChainVerifier.verify(file);
        assertTrue(verdict.intact(), verdict.message());
        assertTrue(verdict.message().startsWith("5 records intact, sequence 1 to 5"), verdict.message());
    }

    @Test
    void anAlteredRecordIsNamedByItsLine() throws IOException {
        Path file = edit(chained(5), lines -> lines.set(2, lines.get(2).replace("token=\"okta\"", "token=\"azure\"")));
        ChainVerifier.Verdict verdict = ChainVerifier.verify(file);
        assertFalse(verdict.intact());
        assertEquals(3, verdict.line());
        assertTrue(verdict.message().startsWith("line 3: the record was altered"), verdict.message());
    }

    @Test
    void aRemovedRecordIsNamedByTheLineAfterTheGap() throws IOException {
        Path file = edit(chained(5), lines -> lines.remove(2));
        ChainVerifier.Verdict verdict = ChainVerifier.verify(file);
        assertFalse(verdict.intact());
        assertEquals(3, verdict.line());
        assertEquals("line 3: records removed before this line: sequence 4 follows 2", verdict.message());
    }

    @Test
    void severalRemovedRecordsAreCounted() throws IOException {
        Path file = edit(chained(6), lines -> lines.subList(1, 4).clear());
        assertEquals("line 2: records removed before this line: sequence 5 follows 1 (3 records missing)",
                ChainVerifier.verify(file).message());
    }

    @Test
    void swappedRecordsAreReportedAsReordered() throws IOException {
        Path file = edit(chained(5), lines -> Collections.swap(lines, 1, 2));
        ChainVerifier.Verdict verdict = ChainVerifier.verify(file);
        assertFalse(verdict.intact());
        assertEquals("line 2: records out of order: sequence 2 expected, found 3 (sequence 2 is on line 3)", verdict.message());
    }

    @Test
    void aRecordMovedBackIsReportedAsReordered() throws IOException {
        Path file = edit(chained(5), lines -> lines.add(lines.remove(1)));
        assertEquals("line 2: records out of order: sequence 2 expected, found 3 (sequence 2 is on line 5)",
                ChainVerifier.verify(file).message());
    }

    @Test
    void anInsertedLineWithoutChainFieldsIsNamed() throws IOException {
        Path file = edit(chained(3), lines -> lines.add(2, "<110>1 - forged - - - -"));
        assertEquals("line 3: the record has no hash chain fields: it was altered or inserted",
                ChainVerifier.verify(file).message());
    }

    @Test
    void editedChainFieldsBreakTheChainThere() throws IOException {
        Path file = edit(chained(3), lines -> lines.set(0, lines.get(0).replace("seq=\"1\"", "seq=\"1\" x=\"y\"")));
        assertEquals("line 2: the record does not chain from the line before it: it or the line before it was altered",
                ChainVerifier.verify(file).message());
    }

    @Test
    void aRotatedFileContinuingAnEarlierOneIsIntactAndNamesItsStart() throws IOException {
        Path file = edit(chained(5), lines -> lines.subList(0, 2).clear());
        ChainVerifier.Verdict verdict = ChainVerifier.verify(file);
        assertTrue(verdict.intact(), verdict.message());
        assertTrue(verdict.message().startsWith("3 records intact, sequence 3 to 5; continues a previous file from hash "),
                verdict.message());
    }

    @Test
    void recordsWrittenBeforeTheChainWasTurnedOnAreSkipped() throws IOException {
        Path file = folder.resolve("audit.log");
        Files.writeString(file, "<110>1 - old - - - -\n<110>1 - old - - - -\n");
        write(file, 2);
        ChainVerifier.Verdict verdict = ChainVerifier.verify(file);
        assertTrue(verdict.intact(), verdict.message());
        assertTrue(verdict.message().contains("(2 earlier lines without a chain)"), verdict.message());
    }

    @Test
    void aFileWithoutAnyChainIsNotIntact() throws IOException {
        Path file = Files.writeString(folder.resolve("plain.log"), "<110>1 - old - - - -\n");
        assertEquals("no record carries hash chain fields (seq, prev)", ChainVerifier.verify(file).message());
    }
}
