package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * Syslog over UDP (RFC 5426): one message per datagram, no framing (section 3.1). The socket is connected, so an ICMP
 * "port unreachable" from a receiver that is down surfaces as an error on a later send instead of being ignored.
 */
final class UdpTransport implements SyslogTransport {

    /** 65,535 minus the IPv4 and UDP headers (RFC 5426 section 3.2); records are far smaller (SyslogFormat caps values). */
    static final int MAX_DATAGRAM = 65_507;

    private final String host;
    private final int port;
    private DatagramSocket socket;

    UdpTransport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void connect() throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + host);
        }
        socket = new DatagramSocket();
        socket.connect(address);
    }

    @Override
    public void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length));
    }

    @Override
    public int maxMessageBytes() {
        return MAX_DATAGRAM;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public String describe() {
        return "udp://" + host + ":" + port;
    }
}
