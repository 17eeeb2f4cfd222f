package org.scimbridge.bridge.http;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises writes to one resource inside this bridge instance, for directories without the LDAP assertion control
 * (ApacheDS): there an {@code If-Match} check and the write that follows cannot be made atomic by the directory, so the
 * bridge makes them atomic among its own requests, and concurrent modifies of one entry, which ApacheDS has answered
 * with {@code other (80)}, reach it one at a time. Several bridge instances in front of such a directory do not get this
 * guarantee; directories with the assertion control (OpenLDAP, 389-DS, AD) do not need it.
 */
final class EntryLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[64];

    EntryLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T withLock(String id, Supplier<T> action) {
        ReentrantLock lock = stripes[Math.floorMod(id.toLowerCase(Locale.ROOT).hashCode(), stripes.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
