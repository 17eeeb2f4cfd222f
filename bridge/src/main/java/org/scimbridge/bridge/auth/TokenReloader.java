package org.scimbridge.bridge.auth;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.scimbridge.mapping.config.ConfigException;

/**
 * Reloads a {@link TokenStore} from its file when the file changes and when asked to ({@code systemctl reload} sends
 * SIGHUP). The folder is watched, not the file: editors and configuration management save by writing a new file and
 * renaming it over the old one, which replaces the inode a file watch would be attached to. A save is several events
 * (create, modify, rename); the reload waits until the token file has had no event for the debounce interval, so it
 * reads the finished file once, however busy the rest of the folder is. A reload that fails keeps the tokens in use and logs why.
 */
public final class TokenReloader implements TokenRefresh {

    private static final Logger LOG = Logger.getLogger(TokenReloader.class.getName());

    private final TokenStore store;
    private final Path fileName;
    private final Duration quiet;
    private final WatchService watcher;
    private final Thread thread;

    private TokenReloader(TokenStore store, Path file, Duration quiet) throws IOException {
        this.store = store;
        this.fileName = file.getFileName();
        this.quiet = quiet;
        this.watcher = FileSystems.getDefault().newWatchService();
        file.toAbsolutePath().getParent().register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        this.thread = Thread.ofPlatform().daemon().name("scim-bridge-token-watch").unstarted(this::watch);
    }

    /** Starts watching the file {@code store} was loaded from; changes are applied after {@code quiet} without events. */
    public static TokenReloader watch(TokenStore store, Duration quiet) throws IOException {
        Path file = store.source().orElseThrow(() -> new IllegalArgumentException("the token store was not loaded from a file"));
        TokenReloader reloader = new TokenReloader(store, file, quiet);
        reloader.thread.start();
        return reloader;
    }

    /**
     * Reads the token file again now. Logs {@code tokens reloaded: N tokens} (never a token or a hash), or why the file
     * was refused and that the current tokens stay. Returns whether the new file is in use.
     */
    @Override
    public synchronized boolean reload(String trigger) {
        try {
            int count = store.reload();
            LOG.info("tokens reloaded: " + count + " tokens (" + trigger + ")");
            return true;
        } catch (ConfigException e) {
            LOG.warning("tokens not reloaded (" + trigger + "), the " + store.size() + " tokens in use stay: " + e.getMessage());
            return false;
        }
    }

    private void watch() {
        try {
            while (true) {
                if (concernsTheFile(watcher.take())) {
                    awaitQuiet();
                    reload("the token file changed");
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // close() was called: the bridge is stopping.
        }
    }

    /** Returns once the token file saw no event for the quiet interval; other files in the folder do not delay it. */
    private void awaitQuiet() throws InterruptedException {
        long quietFrom = System.nanoTime() + quiet.toNanos();
        long left;
        while ((left = quietFrom - System.nanoTime()) > 0) {
            WatchKey next = watcher.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            if (concernsTheFile(next)) {
                quietFrom = System.nanoTime() + quiet.toNanos();
            }
        }
    }

    private boolean concernsTheFile(WatchKey key) {
        boolean concerns = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            // OVERFLOW: events were lost, the file may have changed among them.
            concerns |= event.kind() == OVERFLOW || fileName.equals(event.context());
        }
        key.reset();
        return concerns;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
