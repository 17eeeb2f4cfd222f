package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class TokenPollerTest {

    /** A store in memory whose next read can be made to fail, as a directory that went away. */
    private static final class Source implements TokenRepository {
        final AtomicReference<List<StoredToken>> tokens = new AtomicReference<>(List.of());
        volatile boolean down;

        @Override
        public List<StoredToken> read() throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            return tokens.get();
        }

        @Override
        public List<StoredToken> update(UnaryOperator<List<StoredToken>> change) {
            return tokens.updateAndGet(change);
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    @Test
    void aChangeInTheSourceIsPickedUpByThePolling() {
        Source source = new Source();
        TokenStore store = TokenStore.of(List.of(), Clock.systemUTC());
        try (TokenPoller poller = TokenPoller.start(store, source, Duration.ofMillis(20))) {
            source.tokens.set(List.of(StoredToken.legacy("okta", TokenStore.sha256("s"))));
            TokenBridge.await(() -> store.authenticate("s").isPresent(), "the polled token is accepted");
            source.tokens.set(List.of());
            TokenBridge.await(() -> store.authenticate("s").isEmpty(), "the removed token is refused");
        }
    }

    @Test
    void aSourceThatCannotBeReadLeavesTheTokensInUse() {
        Source source = new Source();
        source.tokens.set(List.of(StoredToken.legacy("okta", TokenStore.sha256("s"))));
        TokenStore store = TokenStore.of(List.of(), Clock.systemUTC());
        try (TokenPoller poller = TokenPoller.start(store, source, Duration.ofHours(1))) {
            assertTrue(poller.reload("test"));
            source.down = true;
            assertFalse(poller.reload("test"));
            assertEquals(1, store.size());
        }
    }
}
