package org.scimbridge.bridge.auth;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Re-reads a {@link DirectoryTokens} subtree into a {@link TokenStore} at a fixed interval: a directory offers no change
 * notification every server supports (persistent search and syncrepl are not everywhere), and a one-level search of a
 * handful of entries every few seconds costs nothing. A read that fails keeps the tokens in use and logs why once per
 * failure streak, so a directory outage neither empties the store nor floods the log.
 */
public final class TokenPoller implements TokenRefresh {

    private static final Logger LOG = Logger.getLogger(TokenPoller.class.getName());

    private final TokenStore store;
    private final TokenRepository source;
    private final ScheduledExecutorService timer;
    private boolean failing;

    private TokenPoller(TokenStore store, TokenRepository source) {
        this.store = store;
        this.source = source;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("scim-bridge-token-poll").unstarted(r));
    }

    /** Starts polling {@code source} into {@code store} every {@code interval}. */
    public static TokenPoller start(TokenStore store, TokenRepository source, Duration interval) {
        TokenPoller poller = new TokenPoller(store, source);
        poller.timer.scheduleWithFixedDelay(() -> poller.poll(), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return poller;
    }

    private synchronized void poll() {
        try {
            store.replace(source.read());
            if (failing) {
                LOG.info("tokens read again from " + source.describe() + ": " + store.size() + " tokens");
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warning("tokens not read from " + source.describe() + ", the " + store.size() + " tokens in use stay: "
                        + e.getMessage());
            }
            failing = true;
        }
    }

    @Override
    public synchronized boolean reload(String trigger) {
        try {
            List<StoredToken> tokens = source.read();
            store.replace(tokens);
            LOG.info("tokens reloaded: " + tokens.size() + " tokens (" + trigger + ")");
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warning("tokens not reloaded (" + trigger + "), the " + store.size() + " tokens in use stay: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
