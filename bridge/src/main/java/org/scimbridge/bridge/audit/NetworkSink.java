package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A syslog receiver over UDP, TCP or TLS. Requests only put records into a bounded queue; one writer thread sends them,
 * reconnects with exponential backoff when the receiver is unreachable, and retries the record it was sending, so a
 * receiver restart loses nothing that fits in the queue. A full queue drops records (counted, logged once per outage).
 * Plain syslog has no acknowledgements (RFC 6587, RFC 5425): a record written into a connection the receiver dropped
 * before the sender noticed can be lost or, after the retry, arrive twice.
 */
public final class NetworkSink implements AuditSink {

    private static final Logger LOG = Logger.getLogger(NetworkSink.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(2);

    private final SyslogTransport transport;
    private final BlockingQueue<byte[]> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean connected;
    private boolean dropping;

    NetworkSink(SyslogTransport transport, int queueSize) {
        this.transport = transport;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.writer = Thread.ofPlatform().daemon().name("audit-" + transport.describe()).start(this::run);
    }

    @Override
    public boolean take(String message, int severity) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > transport.maxMessageBytes()) {
            LOG.warning("audit sink " + name() + " cannot carry a record of " + bytes.length + " bytes; dropped");
            dropped.incrementAndGet();
            return false;
        }
        if (queue.offer(bytes)) {
            return true;
        }
        dropped.incrementAndGet();
        synchronized (this) {
            if (!dropping) {
                dropping = true;
                LOG.warning("audit sink " + name() + ": queue of " + (queue.size() + queue.remainingCapacity())
                        + " records is full; dropping records until the receiver catches up");
            }
        }
        return false;
    }

    /** Healthy while the queue has room: a receiver that is down is fine until its buffer is full. */
    @Override
    public boolean healthy() {
        return queue.remainingCapacity() > 0;
    }

    /** Records this sink could not send, since it was opened. */
    public long dropped() {
        return dropped.get();
    }

    /** Whether the writer is connected to the receiver right now. */
    public boolean connected() {
        return connected;
    }

    @Override
    public String name() {
        return transport.describe();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        byte[] pending = null;
        // After close(), only a connected writer goes on, to send what is queued.
        while (!closed || connected && (pending != null || !queue.isEmpty())) {
            try {
                if (pending == null) {
                    pending = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (pending == null) {
                        continue;
                    }
                }
                if (!connected) {
                    transport.connect();
                    connected = true;
                    backoff = FIRST_BACKOFF;
                    LOG.info("audit sink " + name() + " connected");
                }
                transport.send(pending);
                pending = null;
                recovered();
            } catch (IOException e) {
                transport.close();
                if (connected || backoff.equals(FIRST_BACKOFF)) {
                    LOG.warning("audit sink " + name() + " is down (" + e.getMessage() + "); buffering up to "
                            + (queue.size() + queue.remainingCapacity()) + " records and reconnecting");
                }
                connected = false;
                if (closed || !pause(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                break;
            }
        }
        transport.close();
        connected = false;
        long lost = queue.size() + (pending == null ? 0 : 1);
        if (lost > 0) {
            dropped.addAndGet(lost);
            LOG.warning("audit sink " + name() + " closed with " + lost + " records unsent");
        }
    }

    /** Waits before the next connection attempt; false when the writer is being stopped. */
    private static boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private synchronized void recovered() {
        if (dropping && queue.remainingCapacity() > 0) {
            dropping = false;
            LOG.info("audit sink " + name() + " takes records again; " + dropped.get() + " dropped so far");
        }
    }

    /** Sends what is queued for a short while when the receiver is reachable, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(DRAIN_ON_CLOSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
        }
    }
}
