package org.scimbridge.bridge.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import java.util.Optional;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Syslog over TCP with octet-counting framing (RFC 6587 section 3.4.1: {@code MSG-LEN SP SYSLOG-MSG}), optionally in
 * TLS (RFC 5425, which uses the same framing, section 4.3). TLS checks the receiver's certificate against the trust
 * store and its name against the configured host (RFC 5425 section 5.2 asks for the subject name check; HTTPS rules of
 * RFC 2818 are what the JDK offers and what rsyslog's "x509/name" mode matches).
 */
final class TcpTransport implements SyslogTransport {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String host;
    private final int port;
    private final Optional<SSLSocketFactory> tls;
    private Socket socket;
    private OutputStream out;

    /** @param tls the TLS socket factory (trust store) for RFC 5425; empty for plain TCP */
    TcpTransport(String host, int port, Optional<SSLSocketFactory> tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /** The octet-counting frame of one message: its length in octets, a space, the message. */
    static byte[] frame(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, framed, 0, prefix.length);
        System.arraycopy(message, 0, framed, prefix.length, message.length);
        return framed;
    }

    @Override
    public void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            plain.setKeepAlive(true);
            // Nothing is read but the TLS handshake and close_notify: neither may hold the writer forever.
            plain.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            socket = plain;
            if (tls.isPresent()) {
                SSLSocket secure = (SSLSocket) tls.get().createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public void send(byte[] message) throws IOException {
        out.write(frame(message));
        out.flush();
    }

    @Override
    public int maxMessageBytes() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing left to save.
            }
            socket = null;
            out = null;
        }
    }

    @Override
    public String describe() {
        return (tls.isPresent() ? "tcp+tls://" : "tcp://") + host + ":" + port;
    }
}
