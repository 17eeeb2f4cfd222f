package org.scimbridge.bridge.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a token name, a client address): {@code capacity} at once, refilled at {@code perSecond}.
 * Memory stays bounded: a bucket that has refilled completely is the same as a new one, so those are evicted once the
 * map holds {@code maxKeys}; if that frees less than a tenth (a flood of distinct keys), it starts over empty.
 */
final class TokenBuckets {

    private final double capacity;
    private final double perNano;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(double capacity, double perSecond, int maxKeys, LongSupplier nanoTime) {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a bucket needs a capacity of at least 1 and a positive rate");
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** Takes one token of {@code key}'s bucket: 0 when there was one, otherwise the nanoseconds until there is. */
    long take(String key) {
        long now = nanoTime.getAsLong();
        return bucket(key, now).take(now);
    }

    /** Nanoseconds until {@code key}'s bucket holds a token, without taking one; 0 when it holds one now. */
    long waitNanos(String key) {
        Bucket bucket = buckets.get(key);
        return bucket == null ? 0 : bucket.waitNanos(nanoTime.getAsLong());
    }

    int size() {
        return buckets.size();
    }

    private Bucket bucket(String key, long now) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxKeys) {
            buckets.values().removeIf(b -> b.isFull(now));
            // Less than a tenth freed: clearing now keeps the next sweeps from running on every new key.
            if (buckets.size() >= maxKeys - maxKeys / 10) {
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(now));
    }

    /** Tokens and the time they were last counted; synchronized, as requests of one token run in parallel. */
    private final class Bucket {
        private double tokens = capacity;
        private long last;

        Bucket(long now) {
            this.last = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return nanosUntilOne();
        }

        synchronized long waitNanos(long now) {
            refill(now);
            return tokens >= 1 ? 0 : nanosUntilOne();
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perNano);
            last = now;
        }

        private long nanosUntilOne() {
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}
