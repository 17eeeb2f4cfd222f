package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An append-only file, one record per line. A failed write makes the sink unhealthy until a later write succeeds, so
 * fail-closed refuses writes while the disk is full and resumes by itself once there is room.
 */
public final class FileSink implements AuditSink {

    private static final Logger LOG = Logger.getLogger(FileSink.class.getName());

    private final String name;
    private final OutputStream out;
    private volatile boolean healthy = true;

    /** A sink over an already open stream (tests, or a stream the caller owns). */
    public FileSink(String name, OutputStream out) {
        this.name = name;
        this.out = out;
    }

    /** Opens {@code path} for appending, creating it and its folders when missing. */
    public static FileSink open(Path path) throws IOException {
        if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
            Files.createDirectories(path.getParent());
        }
        return new FileSink("file " + path, Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
    }

    @Override
    public synchronized boolean take(String message, int severity) {
        try {
            // One write per record: with O_APPEND the line lands whole at the end of the file (write(2)).
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!healthy) {
                LOG.info("audit sink " + name + " writes again");
                healthy = true;
            }
            return true;
        } catch (IOException e) {
            if (healthy) {
                LOG.warning("audit sink " + name + " cannot write: " + e.getMessage());
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
        return name;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing audit sink " + name + " failed: " + e.getMessage());
        }
    }
}
