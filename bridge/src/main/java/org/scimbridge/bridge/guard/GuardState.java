package org.scimbridge.bridge.guard;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.bridge.config.BridgeConfig.GuardKind;

/**
 * The guards' ledgers in a small JSON file, the one place the running bridge and {@code scim-bridge guard} meet: a reset
 * written by the command is what the bridge reads at its next destructive write, without a restart, and a restart does
 * not forget the count (restarting must not be a way around a guard). Every read-modify-write holds an exclusive lock
 * on a lock file beside it (bridge processes on one host and the command exclude each other) and replaces the file
 * atomically, so a crash leaves the old or the new state, never half of one.
 */
public final class GuardState {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A file lock belongs to the whole JVM (a second lock on the same file from this JVM throws rather than waits), so
     * threads, and the bridge and the command in one JVM as in the tests, first take this monitor per file.
     */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;

    public GuardState(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    public Path file() {
        return file;
    }

    /** The ledgers as stored; a missing file holds none. */
    public Map<GuardKind, Ledger> read() throws IOException {
        return withLock(ledgers -> ledgers, false);
    }

    /** Replaces the ledgers with what {@code change} makes of them and returns that, under the lock. */
    public Map<GuardKind, Ledger> update(Function<Map<GuardKind, Ledger>, Map<GuardKind, Ledger>> change)
            throws IOException {
        return withLock(change, true);
    }

    /** Forgets every ledger, also of a file that cannot be parsed any more. */
    public void clear() throws IOException {
        withLock(ledgers -> new EnumMap<>(GuardKind.class), true, false);
    }

    private Map<GuardKind, Ledger> withLock(Function<Map<GuardKind, Ledger>, Map<GuardKind, Ledger>> change, boolean write)
            throws IOException {
        return withLock(change, write, true);
    }

    private Map<GuardKind, Ledger> withLock(Function<Map<GuardKind, Ledger>, Map<GuardKind, Ledger>> change, boolean write,
                                            boolean parse) throws IOException {
        synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
            return locked(change, write, parse);
        }
    }

    private Map<GuardKind, Ledger> locked(Function<Map<GuardKind, Ledger>, Map<GuardKind, Ledger>> change, boolean write,
                                          boolean parse) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Map<GuardKind, Ledger> ledgers = parse ? parse() : new EnumMap<>(GuardKind.class);
            if (!write) {
                return ledgers;
            }
            Map<GuardKind, Ledger> changed = change.apply(ledgers);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(render(changed)));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return changed;
        }
    }

    private Map<GuardKind, Ledger> parse() throws IOException {
        Map<GuardKind, Ledger> ledgers = new EnumMap<>(GuardKind.class);
        if (!Files.exists(file)) {
            return ledgers;
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a guard state file (a JSON object); `scim-bridge guard reset` rewrites it");
        }
        for (GuardKind kind : GuardKind.values()) {
            JsonNode node = root.path(kind.key());
            if (node.isMissingNode()) {
                continue;
            }
            List<Ledger.Admitted> admitted = new ArrayList<>();
            for (JsonNode pair : node.path("admitted")) {
                admitted.add(new Ledger.Admitted(pair.path(0).asLong(), pair.path(1).asInt()));
            }
            ledgers.put(kind, new Ledger(node.path("tripped").asBoolean(false), admitted));
        }
        return ledgers;
    }

    private static ObjectNode render(Map<GuardKind, Ledger> ledgers) {
        ObjectNode root = JSON.createObjectNode();
        ledgers.forEach((kind, ledger) -> {
            ObjectNode node = root.putObject(kind.key());
            node.put("tripped", ledger.tripped());
            ArrayNode admitted = node.putArray("admitted");
            ledger.admitted().forEach(a -> admitted.addArray().add(a.atMillis()).add(a.count()));
        });
        return root;
    }
}
