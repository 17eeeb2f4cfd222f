package org.scimbridge.bridge.audit;

/**
 * One destination of audit records. The file and standard output sinks write on the caller's thread; the network sink
 * only queues, so a slow or unreachable syslog receiver never holds up a SCIM request.
 */
public sealed interface AuditSink extends AutoCloseable permits FileSink, JournalSink, NetworkSink {

    /**
     * Hands over one record.
     *
     * @param message  the RFC 5424 message, without a line end
     * @param severity its RFC 5424 severity (0-7)
     * @return false when the sink could not take the record (write error, queue full): the record is lost for this sink
     */
    boolean take(String message, int severity);

    /** Whether the next record would be taken: false after a failed write, or while a network sink's queue is full. */
    boolean healthy();

    /** How the operational log names this sink, e.g. {@code file /var/log/scim-bridge/audit.log}. */
    String name();

    @Override
    void close();
}
