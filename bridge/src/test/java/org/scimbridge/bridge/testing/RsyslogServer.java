package org.scimbridge.bridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A throwaway, real {@code rsyslogd} (Debian package rsyslog; TLS needs rsyslog-openssl) for integration tests: runs in
 * the foreground with its own folder (config, work directory, pid file, output), listening on loopback over UDP
 * (imudp), TCP (imtcp, octet counting understood) and TLS (imtcp with the "ossl" stream driver, anonymous clients).
 * Each input writes the raw messages it receives, one per line ({@code %rawmsg%}), to its own file.
 *
 * <p>rsyslogd missing is an error, never a skip.
 */
public final class RsyslogServer implements AutoCloseable {

    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final String HOST = "127.0.0.1";

    private final Path folder;
    private final Process process;
    private final int udpPort;
    private final int tcpPort;
    private final int tlsPort;

    private RsyslogServer(Path folder, Process process, int udpPort, int tcpPort, int tlsPort) {
        this.folder = folder;
        this.process = process;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
    }

    /** Starts rsyslogd and waits until all three inputs take messages. */
    public static RsyslogServer start(TestCertificate tls) throws IOException, InterruptedException {
        if (!Files.isExecutable(RSYSLOGD)) {
            throw new IllegalStateException(RSYSLOGD
                    + " is missing: apt-get install --no-install-recommends rsyslog rsyslog-openssl");
        }
        Path folder = Files.createTempDirectory("rsyslog-it");
        Files.createDirectories(folder.resolve("work"));
        int udp = freeUdpPort();
        int tcp = freeTcpPort();
        int secure = freeTcpPort();
        // No legacy "$" directives and no imuxsock/imklog: nothing here touches /dev/log, /var or the system's syslog.
        Files.writeString(folder.resolve("rsyslog.conf"), """
                global(workDirectory="%1$s/work" maxMessageSize="64k")
                module(load="imudp")
                module(load="imtcp")
                template(name="raw" type="string" string="%%rawmsg%%\\n")
                input(type="imudp" address="%2$s" port="%3$d" ruleset="udp")
                input(type="imtcp" address="%2$s" port="%4$d" ruleset="tcp")
                input(type="imtcp" address="%2$s" port="%5$d" ruleset="tls" streamDriver.name="ossl" streamDriver.mode="1"
                      streamDriver.authMode="anon" streamDriver.certFile="%6$s" streamDriver.keyFile="%7$s")
                ruleset(name="udp") { action(type="omfile" file="%1$s/udp.log" template="raw") }
                ruleset(name="tcp") { action(type="omfile" file="%1$s/tcp.log" template="raw") }
                ruleset(name="tls") { action(type="omfile" file="%1$s/tls.log" template="raw") }
                """.formatted(folder, HOST, udp, tcp, secure, tls.certificate(), tls.key()));
        Process process = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", folder.resolve("rsyslog.conf").toString(),
                "-i", folder.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("rsyslogd.out").toFile()).start();
        RsyslogServer server = new RsyslogServer(folder, process, udp, tcp, secure);
        try {
            server.awaitReady();
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int udpPort() {
        return udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public Path udpFile() {
        return folder.resolve("udp.log");
    }

    public Path tcpFile() {
        return folder.resolve("tcp.log");
    }

    public Path tlsFile() {
        return folder.resolve("tls.log");
    }

    /** Waits (up to 20 s) for a line of {@code file} that matches, and returns it. */
    public String awaitLine(Path file, Predicate<String> matches) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> found = lines(file).stream().filter(matches).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            checkAlive();
            Thread.sleep(50);
        }
        throw new AssertionError("no matching line in " + file + " within 20 s; it holds: " + lines(file));
    }

    public List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** The TCP inputs accept connections, and a probe datagram made it to the UDP file. */
    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        for (int port : new int[] {tcpPort, tlsPort}) {
            while (true) {
                checkAlive();
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(HOST, port), 1000);
                    break;
                } catch (IOException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IOException("rsyslogd does not listen on " + port + ": " + output(), e);
                    }
                    Thread.sleep(50);
                }
            }
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            byte[] message = "<14>1 - - probe - - - ready".getBytes(StandardCharsets.US_ASCII);
            while (lines(udpFile()).isEmpty()) {
                checkAlive();
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("rsyslogd does not receive UDP on " + udpPort + ": " + output());
                }
                probe.send(new DatagramPacket(message, message.length, InetAddress.getByName(HOST), udpPort));
                Thread.sleep(100);
            }
        }
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("rsyslogd exited with " + process.exitValue() + ": " + output());
        }
    }

    private String output() throws IOException {
        Path out = folder.resolve("rsyslogd.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            return socket.getLocalPort();
        }
    }

    /** Stops rsyslogd and removes its folder. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder, e);
        }
    }
}
