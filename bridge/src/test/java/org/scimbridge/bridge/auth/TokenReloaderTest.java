package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token reload from a real file in a real folder, as the appliance does it: on change (watched) and on request (SIGHUP). */
class TokenReloaderTest {

    private static final Logger LOG = Logger.getLogger(TokenReloader.class.getName());

    @TempDir
    Path folder;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Path file;
    private TokenStore store;
    private TokenReloader reloader;

    @BeforeEach
    void watchATokenFile() throws IOException {
        LOG.addHandler(capture);
        file = folder.resolve("tokens.yaml");
        save(tokens("okta", "old-token"));
        store = TokenStore.load(file);
        reloader = TokenReloader.watch(store, Duration.ofMillis(50));
    }

    @AfterEach
    void stop() throws IOException {
        reloader.close();
        LOG.removeHandler(capture);
    }

    @Test
    void aSavedTokenFileReplacesTheTokensWithoutARestart() throws IOException {
        save(tokens("entra", "new-token"));
        awaitTrue(() -> store.authenticate("new-token").isPresent(), "the new token is accepted");
        assertEquals(Optional.empty(), store.authenticate("old-token"), "the removed token is refused");
        assertEquals(Optional.of("entra"), store.authenticate("new-token"));
    }

    @Test
    void aBrokenTokenFileKeepsTheTokensInUseAndSaysWhy() throws IOException {
        save("tokens:\n  - name: okta\n    sha256: not-a-hash\n");
        awaitTrue(() -> logged.stream().anyMatch(l -> l.startsWith("WARNING tokens not reloaded")), "the refused file is logged");
        assertEquals(Optional.of("okta"), store.authenticate("old-token"));
        String warning = logged.stream().filter(l -> l.startsWith("WARNING")).findFirst().orElseThrow();
        assertTrue(warning.contains("the 1 tokens in use stay") && warning.contains("tokens[0].sha256"), warning);
    }

    @Test
    void aReloadOnRequestLogsTheCountAndNeverATokenOrHash() throws IOException {
        String hash = hash("second-token");
        Files.writeString(file, tokens("okta", "old-token") + "  - name: onelogin\n    sha256: " + hash + "\n");
        assertTrue(reloader.reload("SIGHUP"));
        assertTrue(logged.contains("INFO tokens reloaded: 2 tokens (SIGHUP)"), logged.toString());
        assertFalse(logged.stream().anyMatch(l -> l.contains(hash) || l.contains("second-token")), logged.toString());
        assertEquals(Optional.of("onelogin"), store.authenticate("second-token"));
    }

    @Test
    void aBusyNeighbourInTheFolderDoesNotHoldTheReloadBack() throws Exception {
        // A debounce much longer than the gaps between the neighbour's writes: were they counted, it would never end.
        reloader.close();
        reloader = TokenReloader.watch(store, Duration.ofMillis(500));
        Path neighbour = folder.resolve("audit.log");
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Files.writeString(neighbour, "record\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    return;
                }
            }
        });
        try {
            save(tokens("entra", "new-token"));
            awaitTrue(() -> store.authenticate("new-token").isPresent(), "the new token is accepted while audit.log grows");
        } finally {
            writer.interrupt();
            writer.join();
        }
    }

    /** Saves as editors and configuration management do: a new file renamed over the old one. */
    private void save(String content) throws IOException {
        Path temp = Files.writeString(folder.resolve(".tokens.yaml.tmp"), content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String tokens(String name, String secret) {
        return "tokens:\n  - name: " + name + "\n    sha256: " + hash(secret) + "\n";
    }

    private static String hash(String secret) {
        return HexFormat.of().formatHex(TokenStore.sha256(secret));
    }

    /** Polls; the bound only keeps a broken build from hanging, it is not a timing assertion. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
