package org.scimbridge.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Token buckets on a hand-moved clock: no test here waits or reads the wall clock. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstIsServedAtOnceAndTheNextRequestWaits() {
        TokenBuckets buckets = new TokenBuckets(3, 1, 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.take("it"));
        }
        assertEquals(TimeUnit.SECONDS.toNanos(1), buckets.take("it"));
    }

    @Test
    void tokensRefillAtTheRate() {
        TokenBuckets buckets = new TokenBuckets(2, 4, 100, now::get);
        buckets.take("it");
        buckets.take("it");
        assertTrue(buckets.take("it") > 0);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
        assertEquals(0, buckets.take("it"));
        assertTrue(buckets.take("it") > 0);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 100, now::get);
        assertEquals(0, buckets.take("a"));
        assertTrue(buckets.take("a") > 0);
        assertEquals(0, buckets.take("b"));
    }

    @Test
    void waitingDoesNotTakeAToken() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 100, now::get);
        assertEquals(0, buckets.waitNanos("a"));
        assertEquals(0, buckets.waitNanos("a"));
        assertEquals(0, buckets.take("a"));
        assertEquals(TimeUnit.SECONDS.toNanos(1), buckets.waitNanos("a"));
    }

    @Test
    void refilledBucketsAreEvictedSoMemoryStaysBounded() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 10, now::get);
        for (int i = 0; i < 10; i++) {
            buckets.take("client-" + i);
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        buckets.take("client-new");
        assertEquals(1, buckets.size());
    }

    @Test
    void aFloodOfDistinctKeysNeverGrowsPastTheBound() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 10, now::get);
        for (int i = 0; i < 1000; i++) {
            buckets.take("client-" + i);
            assertTrue(buckets.size() <= 10, "size " + buckets.size());
        }
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertEquals(1, TooManyRequests.retryAfterSeconds(1));
        assertEquals(1, TooManyRequests.retryAfterSeconds(TimeUnit.SECONDS.toNanos(1)));
        assertEquals(2, TooManyRequests.retryAfterSeconds(TimeUnit.SECONDS.toNanos(1) + 1));
    }
}
