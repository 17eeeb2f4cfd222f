package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.testing.TestCertificate;

/** The network sink against receivers on loopback sockets in this JVM: framing, buffering, dropping, TLS name checks. */
class NetworkSinkIT {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path folder;

    @Test
    void udpSendsOneDatagramPerRecordWithoutFraming() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            receiver.setSoTimeout(20_000);
            NetworkSink sink = new NetworkSink(new UdpTransport("127.0.0.1", receiver.getLocalPort()), 10);
            try {
                sink.take("<110>1 first", 6);
                sink.take("<110>1 second", 6);
                assertEquals("<110>1 first", receive(receiver));
                assertEquals("<110>1 second", receive(receiver));
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void tcpFramesEachRecordByOctetCounting() throws Exception {
        try (ServerSocket receiver = new ServerSocket(0, 1, LOOPBACK)) {
            NetworkSink sink = new NetworkSink(new TcpTransport("127.0.0.1", receiver.getLocalPort(), Optional.empty()), 10);
            // The writer connects when it has something to send.
            sink.take("<110>1 first", 6);
            sink.take("<110>1 Zoë", 6);
            try (Socket connection = accept(receiver)) {
                byte[] expected = "12 <110>1 first11 <110>1 Zoë".getBytes(StandardCharsets.UTF_8);
                byte[] received = new DataInputStream(connection.getInputStream()).readNBytes(expected.length);
                assertEquals(new String(expected, StandardCharsets.UTF_8), new String(received, StandardCharsets.UTF_8));
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void recordsWaitInTheQueueUntilTheReceiverIsUpAndNoneIsLost() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        NetworkSink sink = new NetworkSink(new TcpTransport("127.0.0.1", port, Optional.empty()), 10);
        try {
            for (int i = 0; i < 5; i++) {
                assertTrue(sink.take("<110>1 r" + i, 6));
            }
            try (ServerSocket receiver = new ServerSocket(port, 1, LOOPBACK); Socket connection = accept(receiver)) {
                byte[] expected = "9 <110>1 r09 <110>1 r19 <110>1 r29 <110>1 r39 <110>1 r4".getBytes(StandardCharsets.US_ASCII);
                assertEquals(new String(expected, StandardCharsets.US_ASCII), new String(
                        new DataInputStream(connection.getInputStream()).readNBytes(expected.length), StandardCharsets.US_ASCII));
            }
            assertEquals(0, sink.dropped());
        } finally {
            sink.close();
        }
    }

    @Test
    void aFullQueueDropsRecordsAndCountsThem() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        NetworkSink sink = new NetworkSink(new TcpTransport("127.0.0.1", port, Optional.empty()), 2);
        try {
            int taken = 0;
            for (int i = 0; i < 10; i++) {
                taken += sink.take("<110>1 r" + i, 6) ? 1 : 0;
            }
            assertFalse(sink.healthy());
            assertEquals(10 - taken, sink.dropped());
            assertTrue(taken >= 2 && taken <= 3, "the queue holds 2, the writer may hold 1 more: " + taken);
        } finally {
            sink.close();
        }
    }

    @Test
    void tlsSendsFramedRecordsToAReceiverWhoseCertificateNamesTheHost() throws Exception {
        TestCertificate certificate = TestCertificate.create(folder, "syslog", "ip:127.0.0.1");
        try (SSLServerSocket receiver = tlsServer(certificate)) {
            NetworkSink sink = tlsSink(receiver.getLocalPort(), certificate);
            sink.take("<110>1 secret-free", 6);
            try (Socket connection = accept(receiver)) {
                byte[] expected = "18 <110>1 secret-free".getBytes(StandardCharsets.US_ASCII);
                assertEquals(new String(expected, StandardCharsets.US_ASCII), new String(
                        connection.getInputStream().readNBytes(expected.length), StandardCharsets.US_ASCII));
                sink.close(); // the client's close_notify first, so closing the server side need not wait for it
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void tlsRefusesAReceiverWhoseCertificateNamesAnotherHost() throws Exception {
        TestCertificate certificate = TestCertificate.create(folder, "elsewhere", "dns:elsewhere.example");
        try (SSLServerSocket receiver = tlsServer(certificate)) {
            NetworkSink sink = tlsSink(receiver.getLocalPort(), certificate);
            try {
                sink.take("<110>1 must-not-arrive", 6);
                receiver.setSoTimeout(20_000);
                try (Socket connection = receiver.accept()) {
                    connection.setSoTimeout(20_000);
                    InputStream in = connection.getInputStream();
                    assertEquals(-1, readOrEnd(in), "the client aborts the handshake and sends nothing");
                }
                assertFalse(sink.connected());
            } finally {
                sink.close();
            }
        }
    }

    private static int readOrEnd(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static NetworkSink tlsSink(int port, TestCertificate certificate) throws IOException {
        AuditLog log = AuditLog.open(new Audit(List.of(new Audit.TcpSink("127.0.0.1", port, true,
                Optional.of(certificate.certificate()), 10)), false, false));
        return (NetworkSink) log.sinks().getFirst();
    }

    private static SSLServerSocket tlsServer(TestCertificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.keyStore())) {
            store.load(in, TestCertificate.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, TestCertificate.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, LOOPBACK);
    }

    private static Socket accept(ServerSocket receiver) throws IOException {
        receiver.setSoTimeout(20_000);
        Socket connection = receiver.accept();
        connection.setSoTimeout(20_000);
        return connection;
    }

    private static String receive(DatagramSocket receiver) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
        try {
            receiver.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within 20 s", e);
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }
}
