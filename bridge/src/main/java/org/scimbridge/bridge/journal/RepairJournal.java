package org.scimbridge.bridge.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pending repairs of one bridge, in a small JSON file: a record is written (and fsynced) before the second LDAP
 * operation of a multi-step write and removed when the write completed or its repair was done, so a bridge killed in
 * between finds it at its next start. Every change rewrites the whole file through a temporary file, fsync and an atomic
 * rename (then an fsync of the folder), under an exclusive lock on a lock file beside it: a crash leaves the old or the
 * new list, never half of one. A file that cannot be read is an error at start, never an empty journal: the repairs it
 * lists would be lost silently.
 * <p>
 * Each record names its owner (process id, process start, and this journal's instance), so bridges that happen to share
 * one file (two instances on one host with the default path) repair only their own records and those of owners that
 * are gone, never a write another running bridge is in the middle of.
 */
public final class RepairJournal implements AutoCloseable {

    static final String FORMAT = "scim-bridge-repairs/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The instances open in this JVM: a record of another instance in this process is orphaned once it closed. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    /** A file lock belongs to the whole JVM, so threads and instances in one JVM first take this monitor per file. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    /** One pending repair as stored. */
    public record Record(String id, Owner owner, Instant recorded, Repair repair) {
    }

    /** Who wrote a record: the process (id and start, as pids are reused) and the journal instance within it. */
    public record Owner(long pid, long started, String instance) {

        static Owner current() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(self.pid(), startOf(self), UUID.randomUUID().toString());
        }

        boolean gone() {
            ProcessHandle self = ProcessHandle.current();
            if (pid == self.pid() && started == startOf(self)) {
                return !LIVE.contains(instance);
            }
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> startOf(p) != started).orElse(true);
        }

        private static long startOf(ProcessHandle process) {
            return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        }
    }

    private final Optional<Path> file;
    private final Owner self = Owner.current();
    /** The records of a journal without a file (tests, the demo): the same behaviour, minus surviving a restart. */
    private final List<Record> memory = new ArrayList<>();

    private RepairJournal(Optional<Path> file) {
        this.file = file;
        LIVE.add(self.instance());
    }

    /** The journal in {@code file}, read once now: a file that is not a journal fails here, with what is wrong. */
    public static RepairJournal open(Path file) throws IOException {
        RepairJournal journal = new RepairJournal(Optional.of(file.toAbsolutePath().normalize()));
        try {
            journal.update(UnaryOperator.identity(), false);
        } catch (IOException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /** A journal kept in memory only. */
    public static RepairJournal inMemory() {
        return new RepairJournal(Optional.empty());
    }

    public Optional<Path> file() {
        return file;
    }

    /** Records {@code repair} as pending, durably before it returns; its record id. */
    public String add(Repair repair) throws IOException {
        Record record = new Record(UUID.randomUUID().toString(), self, Instant.now(), repair);
        update(records -> {
            records.add(record);
            return records;
        }, true);
        return record.id();
    }

    /** Replaces what record {@code id} must do (a write moved on to its next step). */
    public void replace(String id, Repair repair) throws IOException {
        update(records -> {
            records.replaceAll(r -> r.id().equals(id) ? new Record(id, r.owner(), r.recorded(), repair) : r);
            return records;
        }, true);
    }

    public void remove(String id) throws IOException {
        update(records -> {
            records.removeIf(r -> r.id().equals(id));
            return records;
        }, true);
    }

    /** Every record, whoever owns it. */
    public List<Record> records() throws IOException {
        return update(UnaryOperator.identity(), false);
    }

    /**
     * The records whose owner is gone (a bridge killed or stopped in the middle of a write), now owned by this instance
     * so that two bridges starting at once do not both take them.
     */
    public List<Record> claimOrphans() throws IOException {
        if (records().stream().noneMatch(r -> !r.owner().instance().equals(self.instance()) && r.owner().gone())) {
            return List.of(); // nothing to claim: no write (the common start, and no file created for nothing)
        }
        List<Record> claimed = new ArrayList<>();
        update(records -> {
            records.replaceAll(r -> {
                if (r.owner().instance().equals(self.instance()) || !r.owner().gone()) {
                    return r;
                }
                Record mine = new Record(r.id(), self, r.recorded(), r.repair());
                claimed.add(mine);
                return mine;
            });
            return records;
        }, !file.isEmpty());
        return claimed;
    }

    private List<Record> update(UnaryOperator<List<Record>> change, boolean write) throws IOException {
        if (file.isEmpty()) {
            synchronized (memory) {
                List<Record> changed = change.apply(new ArrayList<>(memory));
                memory.clear();
                memory.addAll(changed);
                return List.copyOf(changed);
            }
        }
        Path path = file.get();
        if (!write && !Files.exists(path)) {
            // Nothing recorded yet: reading creates neither the folder nor the lock file, so a bridge that never needs a
            // repair never needs the folder to be writable.
            return List.copyOf(change.apply(new ArrayList<>()));
        }
        synchronized (IN_PROCESS.computeIfAbsent(path, k -> new Object())) {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path.resolveSibling(path.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                List<Record> records = read(path);
                if (!write) {
                    return List.copyOf(change.apply(records));
                }
                List<Record> changed = change.apply(records);
                writeAtomically(path, render(changed));
                return List.copyOf(changed);
            }
        }
    }

    /** The records in {@code path}; none when it does not exist. */
    static List<Record> read(Path path) throws IOException {
        List<Record> records = new ArrayList<>();
        if (!Files.exists(path)) {
            return records;
        }
        try {
            JsonNode root = JSON.readTree(path.toFile());
            if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
                throw new IOException("not a repair journal (no \"format\": \"" + FORMAT + "\")");
            }
            JsonNode list = root.get("repairs");
            if (list == null || !list.isArray()) {
                throw new IOException("'repairs' is missing or not a list");
            }
            for (JsonNode node : list) {
                JsonNode owner = node.path("owner");
                if (!owner.path("pid").canConvertToLong() || !owner.path("started").canConvertToLong()) {
                    throw new IOException("a record without its owner's pid and start");
                }
                records.add(new Record(RepairCodec.text(node, "record"), new Owner(owner.path("pid").asLong(),
                        owner.path("started").asLong(), RepairCodec.text(owner, "instance")),
                        Instant.parse(RepairCodec.text(node, "recorded")), RepairCodec.read(node.path("repair"))));
            }
        } catch (JsonProcessingException e) {
            throw new IOException(path + " is not a readable repair journal: " + e.getOriginalMessage()
                    + "; it lists directory repairs still to do: fix it, or move it aside and check the entries it names", e);
        } catch (IOException | DateTimeParseException e) {
            throw new IOException(path + " is not a readable repair journal: " + e.getMessage()
                    + "; it lists directory repairs still to do: fix it, or move it aside and check the entries it names", e);
        }
        return records;
    }

    private static String render(List<Record> records) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ArrayNode list = root.putArray("repairs");
        for (Record record : records) {
            ObjectNode node = list.addObject().put("record", record.id()).put("recorded", record.recorded().toString());
            node.putObject("owner").put("pid", record.owner().pid()).put("started", record.owner().started())
                    .put("instance", record.owner().instance());
            node.set("repair", RepairCodec.write(record.repair()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** Temporary file, fsync, atomic rename over the old file, fsync of the folder so the rename itself is durable. */
    static void writeAtomically(Path path, String content) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel folder = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for fsync; the rename is then as durable as they make it.
        }
    }

    /** This instance is gone: its records left in the file are orphans that the next start repairs. */
    @Override
    public void close() {
        LIVE.remove(self.instance());
    }
}
