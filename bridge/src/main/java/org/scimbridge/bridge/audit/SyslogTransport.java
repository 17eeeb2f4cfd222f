package org.scimbridge.bridge.audit;

import java.io.IOException;

/** How a {@link NetworkSink} puts one RFC 5424 message on the wire. Used by the sink's writer thread only. */
sealed interface SyslogTransport permits UdpTransport, TcpTransport {

    /** Opens the connection (TCP, TLS handshake) or binds the socket (UDP). */
    void connect() throws IOException;

    /** Sends one message; a failure leaves the transport to be closed and connected again. */
    void send(byte[] message) throws IOException;

    /** The largest message the transport can carry. */
    int maxMessageBytes();

    void close();

    /** e.g. {@code tcp+tls://logs.example.com:6514}. */
    String describe();
}
