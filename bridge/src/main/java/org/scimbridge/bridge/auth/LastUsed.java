package org.scimbridge.bridge.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * When each token was last accepted. Recorded in memory on every request (a map put, no I/O) and merged into a small
 * state file at most once per flush interval. The state file is not the token file: writing it must not wake the
 * token file watchers of every instance (one flush would trigger a reload everywhere, every interval), and a
 * read-only token file (ProtectSystem=strict) must not stop it. Several instances may share the state file: a flush
 * merges, keeping the later instant per name, and writes through a temporary file and a rename (a flush lost
 * to a race costs one interval of precision, nothing more).
 */
public final class LastUsed {

    private static final Logger LOG = Logger.getLogger(LastUsed.class.getName());
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    void record(String name, Instant when) {
        seen.merge(name, when, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** What this instance saw, merged with what the state file holds. */
    public Optional<Instant> of(String name, Map<String, Instant> fromFile) {
        Instant mine = seen.get(name);
        Instant theirs = fromFile.get(name);
        if (mine == null || theirs == null) {
            return Optional.ofNullable(mine == null ? theirs : mine);
        }
        return Optional.of(mine.isAfter(theirs) ? mine : theirs);
    }

    /** Reads a state file; a missing or unreadable one is empty (last use is information, not a control). */
    public static Map<String, Instant> read(Path file) {
        Map<String, Instant> result = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        try {
            Map<String, String> raw = YAML.readValue(file.toFile(), MAP);
            if (raw != null) {
                raw.forEach((name, when) -> result.put(name, Instant.parse(when)));
            }
        } catch (IOException | DateTimeParseException | ClassCastException e) {
            LOG.warning("cannot read the token last-use file " + file + ": " + e.getMessage());
        }
        return result;
    }

    /** Merges what this instance saw into {@code file}. */
    public void flush(Path file) throws IOException {
        if (seen.isEmpty()) {
            return;
        }
        Map<String, Instant> merged = read(file);
        seen.forEach((name, when) -> merged.merge(name, when, (a, b) -> a.isAfter(b) ? a : b));
        Map<String, String> out = new TreeMap<>();
        merged.forEach((name, when) -> out.put(name, when.toString()));
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            YAML.writeValue(temp.toFile(), out);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Flushes to {@code file} every {@code interval} and once more on close. */
    public AutoCloseable flushEvery(Path file, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("scim-bridge-token-last-use").unstarted(r));
        Runnable flush = () -> {
            try {
                flush(file);
            } catch (IOException | RuntimeException e) {
                LOG.warning("cannot write the token last-use file " + file + ": " + e.getMessage());
            }
        };
        timer.scheduleWithFixedDelay(flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            flush.run();
        };
    }
}
