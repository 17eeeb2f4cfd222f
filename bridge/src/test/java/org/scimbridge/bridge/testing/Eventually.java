package org.scimbridge.bridge.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting for what a running bridge does after it answered: the audit record of a request is written once its
 * response is done, so a test that reads the audit file right after the response would race the bridge.
 */
public final class Eventually {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Polls until {@code condition} holds; fails the test with {@code what} (and the last state) after 10 s. */
    public static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + LIMIT.toSeconds() + " s: " + what.get());
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
