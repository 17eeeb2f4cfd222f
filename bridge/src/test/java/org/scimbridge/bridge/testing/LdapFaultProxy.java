package org.scimbridge.bridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between a client and an LDAP server that can make the directory go away at an exact point of
 * a conversation: armed with a BER tag and an occurrence ({@link #cutOn}), it forwards LDAP messages until the n-th
 * request with that protocol-op tag (0x77 extended, 0x6c modify-DN, 0x66 modify, ...), which it does NOT forward; then
 * it closes every connection and closes each new one right after accepting it, as a directory that went away would,
 * until {@link #restore()}. The client sees SERVER_DOWN on the cut request, not a guess at timing. Plain LDAP only (it
 * reads the BER framing of RFC 4511 messages; StartTLS would hide them).
 */
public final class LdapFaultProxy implements AutoCloseable {

    public static final int MODIFY = 0x66;
    public static final int ADD = 0x68;
    public static final int MODIFY_DN = 0x6c;
    public static final int EXTENDED = 0x77;

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile int armedTag = -1;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();

    private LdapFaultProxy(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread.ofVirtual().name("fault-proxy-accept").start(this::accept);
    }

    /** A proxy in front of {@code host:port}, forwarding everything until armed. */
    public static LdapFaultProxy start(String host, int port) throws IOException {
        return new LdapFaultProxy(host, port);
    }

    public String url() {
        return "ldap://127.0.0.1:" + listener.getLocalPort();
    }

    /** The directory goes away instead of receiving the {@code occurrence}-th request with {@code berTag} from now on. */
    public void cutOn(int berTag, int occurrence) {
        remaining.set(occurrence);
        armedTag = berTag;
    }

    /** How often the proxy has cut so far. */
    public int cuts() {
        return cuts.get();
    }

    /** The directory is back: new connections are forwarded again. */
    public void restore() {
        armedTag = -1;
        down = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> requests(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Client to server, message by message, so that the armed request can be held back. */
    private void requests(Socket client, Socket server) {
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            while (true) {
                byte[] message = readMessage(in);
                if (message == null || down) {
                    break;
                }
                if (armedTag >= 0 && protocolOpTag(message) == armedTag && remaining.decrementAndGet() == 0) {
                    cut();
                    break;
                }
                out.write(message);
                out.flush();
            }
        } catch (IOException e) {
            // a closed socket ends the conversation
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private synchronized void cut() {
        armedTag = -1;
        down = true;
        cuts.incrementAndGet();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** One whole BER element (the LDAPMessage SEQUENCE), or null at the end of the stream. */
    private static byte[] readMessage(InputStream in) throws IOException {
        int tag = in.read();
        if (tag < 0) {
            return null;
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(tag);
        int first = readByte(in);
        message.write(first);
        long length = first;
        if ((first & 0x80) != 0) {
            length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                int b = readByte(in);
                message.write(b);
                length = (length << 8) | b;
            }
        }
        message.write(in.readNBytes((int) length));
        return message.toByteArray();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("end of stream inside a BER element");
        }
        return b;
    }

    /** The tag after the message id: SEQUENCE tag, length, INTEGER tag, length, id bytes, then the protocol op. */
    static int protocolOpTag(byte[] message) {
        int i = 1;
        i += (message[i] & 0x80) != 0 ? 1 + (message[i] & 0x7f) : 1;
        i += 1; // INTEGER tag of the message id
        int idLength = message[i] & 0xff;
        i += 1 + idLength;
        return message[i] & 0xff;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(LdapFaultProxy::closeQuietly);
    }
}
