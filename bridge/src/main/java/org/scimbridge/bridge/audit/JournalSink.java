package org.scimbridge.bridge.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Standard output for journald: each line is {@code <N>} followed by the RFC 5424 record, N the record's severity.
 * journald reads a level prefix on a service's standard output (systemd.exec(5), {@code SyslogLevelPrefix=}, on by
 * default), but only a bare level 0-7: its stdout stream parser calls {@code syslog_parse_priority} without facility,
 * which leaves {@code <110>} unparsed. So the line carries {@code <6>} for journald and keeps the full record, PRI
 * included, as the journal message: the same text the file and syslog sinks get, so {@code audit verify} works on it.
 */
public final class JournalSink implements AuditSink {

    private static final Logger LOG = Logger.getLogger(JournalSink.class.getName());

    private final OutputStream out;
    private volatile boolean healthy = true;

    public JournalSink(OutputStream out) {
        this.out = out;
    }

    /** The process's standard output, written without Java's buffering so each record is one write(2). */
    public static JournalSink stdout() {
        return new JournalSink(new FileOutputStream(FileDescriptor.out));
    }

    @Override
    public synchronized boolean take(String message, int severity) {
        try {
            out.write(("<" + severity + ">" + message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            healthy = true;
            return true;
        } catch (IOException e) {
            if (healthy) {
                LOG.warning("audit sink stdout cannot write: " + e.getMessage());
                healthy = false;
            }
            return false;
        }
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void close() {
        // Standard output belongs to the process; nothing to release.
    }
}
