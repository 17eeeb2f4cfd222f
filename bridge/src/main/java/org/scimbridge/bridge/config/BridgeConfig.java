package org.scimbridge.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.scimbridge.mapping.config.MappingConfig;

/**
 * The appliance's configuration, read from the bridge YAML by {@link BridgeConfigLoader}. Every key is documented in
 * {@code config/README.md}.
 *
 * @param server    HTTP listener
 * @param directory how to reach and bind to the directory
 * @param mapping   the loaded mapping file
 * @param tokenFile file holding the hashes of accepted bearer tokens
 * @param audit     where audit records go
 * @param limits    request limits
 * @param paging    how list requests page through the directory
 */
public record BridgeConfig(Server server, Directory directory, MappingConfig mapping, Path tokenFile, Audit audit,
                           Limits limits, Paging paging) {

    /**
     * @param host      address to listen on; loopback unless a reverse proxy or the IdP must reach it directly
     * @param port      TCP port
     * @param publicUrl externally visible base URL (scheme://host[:port]) for {@code meta.location}, when behind a proxy
     * @param shutdownGrace how long a stop waits for in-flight requests before it cuts them off
     */
    public record Server(String host, int port, Optional<String> publicUrl, Duration shutdownGrace) {
    }

    /**
     * @param urls                one or more {@code ldap://} or {@code ldaps://} URLs (one scheme for all), replicas of
     *                            the same data
     * @param bindDn              the bridge's own service account
     * @param bindPassword        resolved from a file, an environment variable or a systemd credential; never inline
     * @param poolSize            connections kept open, and the most the bridge ever opens
     * @param connectTimeout      per connection attempt; also bounds the health check's read of the root DSE
     * @param responseTimeout     per LDAP operation, and the longest a request waits for a pooled connection
     * @param balancing           how connections spread over several URLs
     * @param tls                 transport security towards the directory
     * @param healthCheckInterval how often idle pooled connections are checked in the background
     * @param retryAfter          the {@code Retry-After} of a 503 while the directory cannot be reached
     */
    public record Directory(List<String> urls, String bindDn, Secret bindPassword, int poolSize, Duration connectTimeout,
                            Duration responseTimeout, Balancing balancing, Tls tls, Duration healthCheckInterval,
                            Duration retryAfter) {

        public Directory {
            urls = List.copyOf(urls);
        }

        /** The defaults for everything else, TLS as the URLs' scheme says (LDAPS with the JVM's trust store, else none). */
        public Directory(List<String> urls, String bindDn, Secret bindPassword, int poolSize, Duration connectTimeout,
                         Duration responseTimeout) {
            this(urls, bindDn, bindPassword, poolSize, connectTimeout, responseTimeout, Balancing.FAILOVER,
                    urls.stream().allMatch(u -> u.regionMatches(true, 0, "ldaps://", 0, 8)) ? Tls.LDAPS_DEFAULT : Tls.NONE,
                    Duration.ofSeconds(30), Duration.ofSeconds(5));
        }

        /** How connections spread over several URLs. */
        public enum Balancing {
            /** All to the first URL that answers, in the order given; back to the first one a while after it returns. */
            FAILOVER,
            /** Each new connection to the next URL in turn. */
            ROUND_ROBIN,
            /** Each new connection to the URL with the fewest of the pool's connections. */
            FEWEST_CONNECTIONS
        }

        /**
         * @param mode               none, LDAPS ({@code ldaps://} URLs) or StartTLS (RFC 4511 section 4.14) on {@code ldap://}
         * @param trustStore         PEM bundle or PKCS#12/JKS file of the CAs to trust; the JVM's trust store when empty
         * @param trustStorePassword for a PKCS#12/JKS trust store that needs one
         * @param insecureSkipVerify trust any certificate for any host name: encryption without authentication
         */
        public record Tls(Mode mode, Optional<Path> trustStore, Optional<Secret> trustStorePassword,
                          boolean insecureSkipVerify) {

            public static final Tls NONE = new Tls(Mode.NONE, Optional.empty(), Optional.empty(), false);
            public static final Tls LDAPS_DEFAULT = new Tls(Mode.LDAPS, Optional.empty(), Optional.empty(), false);

            /** Whether the connection is encrypted (what Active Directory demands before it accepts a password). */
            public boolean encrypted() {
                return mode != Mode.NONE;
            }

            /** Where TLS starts. */
            public enum Mode { NONE, LDAPS, START_TLS }
        }
    }

    /**
     * @param sinks      where every record goes, all of them at once (file, stdout for journald, syslog over UDP/TCP/TLS)
     * @param failClosed refuse write operations (503) while a sink cannot take records, instead of writing unaudited
     * @param hashChain  each record carries its sequence number and the SHA-256 of the record before it
     */
    public record Audit(List<Sink> sinks, boolean failClosed, boolean hashChain) {

        public Audit {
            sinks = List.copyOf(sinks);
        }

        /** One destination of audit records. */
        public sealed interface Sink permits FileSink, StdoutSink, UdpSink, TcpSink {
        }

        /** @param path append-only file, created when missing */
        public record FileSink(Path path) implements Sink {
        }

        /** Standard output, one line per record with the {@code <N>} level prefix journald reads. */
        public record StdoutSink() implements Sink {
        }

        /** @param queueSize records buffered while the receiver is slow or unreachable; beyond it records are dropped */
        public record UdpSink(String host, int port, int queueSize) implements Sink {
        }

        /**
         * @param tls       RFC 5425 syslog over TLS, with host-name verification
         * @param caFile    PEM file of the certificates to trust; the JVM's trust store when empty
         * @param queueSize records buffered while the receiver is slow or unreachable; beyond it records are dropped
         */
        public record TcpSink(String host, int port, boolean tls, Optional<Path> caFile, int queueSize) implements Sink {
        }
    }

    /**
     * @param maxPayloadBytes largest accepted request body (413 beyond it)
     * @param maxResults      largest number of resources one list request may return (filter.maxResults)
     */
    public record Limits(long maxPayloadBytes, int maxResults) {
    }

    /**
     * @param strategy     auto: a virtual list view where the directory offers it with server-side sort, else snapshots
     * @param maxScan      most entries a snapshot scan may collect (400 tooMany beyond)
     * @param snapshotTtl  how long a walk may reuse its snapshot
     * @param scanPageSize page size of the simple paged results the scan uses
     */
    public record Paging(Strategy strategy, int maxScan, Duration snapshotTtl, int scanPageSize) {

        /** Which paging mechanism list requests use. */
        public enum Strategy { AUTO, VLV, SNAPSHOT }

        public static Paging defaults() {
            return new Paging(Strategy.AUTO, 200_000, Duration.ofSeconds(60), 1000);
        }
    }

    /** A secret that never prints itself: records' toString would otherwise put it into logs. */
    public record Secret(String value) {
        @Override
        public String toString() {
            return "Secret[****]";
        }
    }
}
