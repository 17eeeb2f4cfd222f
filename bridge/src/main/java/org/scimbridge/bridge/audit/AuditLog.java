package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.scimbridge.bridge.config.BridgeConfig.Audit;

/**
 * Writes one RFC 5424 record per SCIM operation (and per rejected authentication) to every configured sink at once.
 * Structured data carries the facts; attribute values and secrets never appear. With fail-closed, {@link #refusesWrites()}
 * tells the request filter to refuse write operations while a sink cannot take records.
 */
public final class AuditLog implements AutoCloseable {

    /** RFC 5424 table 2. */
    private static final int INFORMATIONAL = 6;
    private static final int WARNING = 4;

    private final List<AuditSink> sinks;
    private final Clock clock;
    private final boolean failClosed;
    private final Optional<HashChain> chain;
    private final String host;
    private final long pid;
    private final AtomicLong failures = new AtomicLong();

    /** Records to the given streams (tests, the demo); fail-open, no hash chain. */
    public AuditLog(List<OutputStream> streams, Clock clock) {
        this(streams.stream().<AuditSink>map(s -> new FileSink("stream", s)).toList(), clock, false, Optional.empty());
    }

    /**
     * @param failClosed whether write operations are refused while a sink is unhealthy
     * @param chain      the hash chain the records carry, if any
     */
    AuditLog(List<AuditSink> sinks, Clock clock, boolean failClosed, Optional<HashChain> chain) {
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.failClosed = failClosed;
        this.chain = chain;
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
    }

    /**
     * Opens the configured sinks. Files are created; network sinks connect in the background (a receiver that is down
     * at start-up is reconnected to, with records buffered meanwhile). The hash chain continues the first file sink.
     */
    public static AuditLog open(Audit config) throws IOException {
        List<AuditSink> sinks = new ArrayList<>();
        try {
            Optional<HashChain> chain = Optional.empty();
            for (Audit.Sink sink : config.sinks()) {
                if (config.hashChain() && chain.isEmpty() && sink instanceof Audit.FileSink file) {
                    chain = Optional.of(HashChain.continuing(file.path()));
                }
                sinks.add(switch (sink) {
                    case Audit.FileSink file -> FileSink.open(file.path());
                    case Audit.StdoutSink stdout -> JournalSink.stdout();
                    case Audit.UdpSink udp -> new NetworkSink(new UdpTransport(udp.host(), udp.port()), udp.queueSize());
                    case Audit.TcpSink tcp -> new NetworkSink(new TcpTransport(tcp.host(), tcp.port(),
                            tcp.tls() ? Optional.of(tlsFactory(tcp.caFile())) : Optional.empty()), tcp.queueSize());
                });
            }
            if (config.hashChain() && chain.isEmpty()) {
                chain = Optional.of(HashChain.fresh());
            }
            return new AuditLog(sinks, Clock.systemUTC(), config.failClosed(), chain);
        } catch (IOException | RuntimeException e) {
            sinks.forEach(AuditSink::close);
            throw e;
        }
    }

    /** Writes the record of one request to every sink; a sink that cannot take it counts in {@link #sinkFailures()}. */
    public void record(AuditEvent event, int status, long durationMillis) {
        if (sinks.isEmpty()) {
            return;
        }
        int severity = status < 400 ? INFORMATIONAL : WARNING;
        SyslogFormat format = new SyslogFormat(severity, Instant.now(clock), host, pid, event.operation())
                .param("requestId", event.requestId())
                .param("token", event.tokenName())
                .param("client", event.client())
                .param("method", event.method())
                .param("path", event.path())
                .param("type", event.resourceType())
                .param("id", event.resourceId())
                .param("dn", event.dn())
                .param("attributes", String.join(",", event.changedAttributes()))
                .param("status", Integer.toString(status))
                .param("ldapResult", event.ldapResult())
                .param("durationMs", Long.toString(durationMillis));
        if (event.isDryRun()) {
            format.param("dryRun", "true").param("wouldWrite", String.join("; ", event.plannedWrites()));
        }
        // One lock from sealing to handing over: the order of the chain is the order in every sink.
        synchronized (this) {
            String message = chain.map(c -> c.seal(format.open())).orElseGet(format::close);
            for (AuditSink sink : sinks) {
                if (!sink.take(message, severity)) {
                    failures.incrementAndGet();
                }
            }
        }
    }

    /** Whether write operations must be refused now: fail-closed is on and some sink cannot take records. */
    public boolean refusesWrites() {
        return failClosed && !healthy();
    }

    /** Whether every sink would take the next record. */
    public boolean healthy() {
        return sinks.stream().allMatch(AuditSink::healthy);
    }

    /** Records some sink failed to take or dropped since start-up (a record lost by two sinks counts twice). */
    public long sinkFailures() {
        return failures.get() + sinks.stream().mapToLong(s -> s instanceof NetworkSink n ? n.dropped() : 0).sum();
    }

    List<AuditSink> sinks() {
        return sinks;
    }

    /** TLS client for RFC 5425: the JVM's trust store, or the certificates of {@code caFile} (PEM) only. */
    private static SSLSocketFactory tlsFactory(Optional<Path> caFile) throws IOException {
        if (caFile.isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try (InputStream in = Files.newInputStream(caFile.get())) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException(caFile.get() + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + caFile.get() + " as trust store: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }

    @Override
    public void close() {
        sinks.forEach(AuditSink::close);
    }
}
