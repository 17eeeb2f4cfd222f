package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes one RFC 5424 syslog record per SCIM operation to the configured sinks (an append-only file and/or standard
 * output). Structured data carries the facts; values and secrets never appear.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    /** Structured-data id: "scim" under the documentation enterprise number 32473 (RFC 5612). */
    private static final String SD_ID = "scim@32473";
    /** facility 13 (log audit, RFC 5424 table 1) * 8 + severity 6 (informational) / 4 (warning). */
    private static final int PRI_OK = 13 * 8 + 6;
    private static final int PRI_FAILED = 13 * 8 + 4;

    private final List<OutputStream> sinks;
    private final Clock clock;
    private final String host;
    private final long pid;

    public AuditLog(List<OutputStream> sinks, Clock clock) {
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
    }

    public static AuditLog open(java.util.Optional<Path> file, boolean stdout) throws IOException {
        List<OutputStream> sinks = new ArrayList<>();
        if (file.isPresent()) {
            if (file.get().getParent() != null) {
                Files.createDirectories(file.get().getParent());
            }
            sinks.add(Files.newOutputStream(file.get(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE));
        }
        if (stdout) {
            sinks.add(new PrintStream(System.out, true, StandardCharsets.UTF_8));
        }
        return new AuditLog(sinks, Clock.systemUTC());
    }

    public void record(AuditEvent event, int status, long durationMillis) {
        if (sinks.isEmpty()) {
            return;
        }
        String msgId = (event.method() + "-" + event.resourceType()).replace(' ', '_');
        StringBuilder line = new StringBuilder(256);
        line.append('<').append(status < 400 ? PRI_OK : PRI_FAILED).append(">1 ")
                .append(Instant.now(clock)).append(' ')
                .append(host).append(" scim-bridge ").append(pid).append(' ').append(msgId).append(" [").append(SD_ID);
        param(line, "requestId", event.requestId());
        param(line, "token", event.tokenName());
        param(line, "client", event.client());
        param(line, "method", event.method());
        param(line, "path", event.path());
        param(line, "type", event.resourceType());
        param(line, "id", event.resourceId());
        param(line, "dn", event.dn());
        param(line, "attributes", String.join(",", event.changedAttributes()));
        param(line, "status", Integer.toString(status));
        param(line, "ldapResult", event.ldapResult());
        param(line, "durationMs", Long.toString(durationMillis));
        line.append("]\n");
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            for (OutputStream sink : sinks) {
                try {
                    sink.write(bytes);
                    sink.flush();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "audit sink failed: " + e.getMessage());
                }
            }
        }
    }

    /** PARAM-VALUE escaping of RFC 5424 section 6.3.3: '"', '\' and ']' get a backslash. */
    private static void param(StringBuilder line, String name, String value) {
        line.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                line.append('\\');
            }
            line.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        line.append('"');
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }

    @Override
    public synchronized void close() {
        for (OutputStream sink : sinks) {
            try {
                sink.flush();
                if (sink instanceof PrintStream) {
                    continue; // standard output belongs to the process
                }
                sink.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing audit sink failed: " + e.getMessage());
            }
        }
    }
}
