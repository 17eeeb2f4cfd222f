package org.scimbridge.bridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.unboundid.ldap.sdk.DN;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.journal.Repair.MemberChange;

class RepairJournalTest {

    private static final DN ALICE = dn("uid=alice,ou=people,dc=example,dc=com");
    private static final DN GROUP = dn("cn=staff,ou=groups,dc=example,dc=com");

    @TempDir
    Path folder;

    @Test
    void everyKindOfRepairReadsBackAsWritten() throws IOException {
        List<Repair> repairs = List.of(
                new Repair.DeleteCreated("User", "1b2c", ALICE),
                new Repair.RenameBack("User", "1b2c", dn("uid=alice2,ou=people,dc=example,dc=com"), ALICE),
                new Repair.FinishMembers("9f8e", GROUP, List.of(new MemberChange(MemberChange.Op.ADD, List.of(ALICE.toString())),
                        new MemberChange(MemberChange.Op.DELETE, List.of("uid=bob,ou=people,dc=example,dc=com")),
                        new MemberChange(MemberChange.Op.REPLACE, List.of()))),
                new Repair.RecomputeRoles(List.of(ALICE.toString())),
                new Repair.RemoveMemberships("1b2c", ALICE, ALICE.toString(), true));
        try (RepairJournal journal = RepairJournal.open(folder.resolve("repairs.json"))) {
            for (Repair repair : repairs) {
                journal.add(repair);
            }
        }
        assertEquals(repairs, RepairJournal.read(folder.resolve("repairs.json")).stream().map(RepairJournal.Record::repair).toList());
    }

    @Test
    void eachChangeRewritesTheWholeFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = folder.resolve("state/repairs.json");
        try (RepairJournal journal = RepairJournal.open(file)) {
            String first = journal.add(new Repair.DeleteCreated("User", "1", ALICE));
            String second = journal.add(new Repair.RecomputeRoles(List.of(ALICE.toString())));
            journal.replace(first, new Repair.RenameBack("User", "1", ALICE, dn("uid=old,ou=people,dc=example,dc=com")));
            journal.remove(second);
            List<RepairJournal.Record> records = RepairJournal.read(file);
            assertEquals(1, records.size());
            assertEquals(first, records.getFirst().id());
            assertTrue(records.getFirst().repair() instanceof Repair.RenameBack);
            journal.remove(first);
        }
        assertEquals(List.of(), RepairJournal.read(file));
        assertFalse(Files.exists(folder.resolve("state/repairs.json.tmp")), "the temporary file was renamed over the journal");
        assertTrue(Files.readString(file).contains(RepairJournal.FORMAT));
    }

    @Test
    void openingAndClaimingWithNothingRecordedCreatesNoFileOrFolder() throws IOException {
        Path file = folder.resolve("absent/repairs.json");
        try (RepairJournal journal = RepairJournal.open(file)) {
            assertEquals(List.of(), journal.claimOrphans());
        }
        assertFalse(Files.exists(folder.resolve("absent")), "a bridge that never needs a repair needs no writable folder");
    }

    @Test
    void aFileThatIsNotJsonStopsOpeningWithItsPathAndWhatToDo() throws IOException {
        Path file = Files.writeString(folder.resolve("repairs.json"), "{\"format\": \"scim-bridge-repairs/1\", \"repairs\": [");
        IOException e = assertThrows(IOException.class, () -> RepairJournal.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
    }

    @Test
    void aRecordOfAnUnknownKindIsAnErrorNotASkippedRecord() throws IOException {
        Path file = Files.writeString(folder.resolve("repairs.json"), """
                {"format": "scim-bridge-repairs/1", "repairs": [{"record": "r1", "recorded": "2026-01-01T00:00:00Z",
                 "owner": {"pid": 1, "started": 0, "instance": "i"}, "repair": {"kind": "teleport"}}]}""");
        IOException e = assertThrows(IOException.class, () -> RepairJournal.open(file));
        assertTrue(e.getMessage().contains("unknown repair kind 'teleport'"), e.getMessage());
    }

    @Test
    void aJsonFileOfAnotherFormatIsRefused() throws IOException {
        Path file = Files.writeString(folder.resolve("repairs.json"), "{\"deletes\": {\"tripped\": false}}");
        IOException e = assertThrows(IOException.class, () -> RepairJournal.open(file));
        assertTrue(e.getMessage().contains("not a repair journal"), e.getMessage());
    }

    @Test
    void onlyRecordsOfInstancesThatAreGoneAreClaimed() throws IOException {
        Path file = folder.resolve("repairs.json");
        RepairJournal running = RepairJournal.open(file);
        RepairJournal killed = RepairJournal.open(file);
        running.add(new Repair.DeleteCreated("User", "running", ALICE));
        killed.add(new Repair.DeleteCreated("User", "killed", ALICE));
        killed.close();
        try (RepairJournal fresh = RepairJournal.open(file)) {
            List<RepairJournal.Record> claimed = fresh.claimOrphans();
            assertEquals(List.of("killed"), claimed.stream().map(r -> r.repair().id()).toList());
            assertEquals(List.of(), fresh.claimOrphans(), "claimed records belong to the instance that claimed them");
        } finally {
            running.close();
        }
    }

    @Test
    void theJournalFileIsReadableByItsOwnerOnly() throws IOException {
        Path file = folder.resolve("repairs.json");
        try (RepairJournal journal = RepairJournal.open(file)) {
            journal.add(new Repair.DeleteCreated("User", "1", ALICE));
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    private static DN dn(String value) {
        try {
            return new DN(value);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
