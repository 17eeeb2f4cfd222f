package org.scimbridge.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;

import org.scimbridge.mapping.config.MappingConfig;

/**
 * The appliance's configuration, read from the bridge YAML by {@link BridgeConfigLoader}. Every key is documented in
 * {@code config/README.md}.
 *
 * @param server    HTTP listener
 * @param directory how to reach and bind to the directory
 * @param mapping   the loaded mapping file
 * @param tokens    the token file and how tokens are rotated and their use recorded
 * @param audit     where audit records go
 * @param limits    request limits
 * @param paging    how list requests page through the directory
 * @param admin     the token management UI's listener; off when empty
 * @param safety    blast-radius guards, protected entries and dry-run
 * @param journal   where repairs of interrupted multi-step writes are kept
 */
public record BridgeConfig(Server server, Directory directory, MappingConfig mapping, Tokens tokens, Audit audit,
                           Limits limits, Paging paging, Optional<Admin> admin, Safety safety, Journal journal) {

    /** The configuration without guards, protected entries or dry-run (tests, the demo). */
    public BridgeConfig(Server server, Directory directory, MappingConfig mapping, Tokens tokens, Audit audit, Limits limits,
                        Paging paging, Optional<Admin> admin) {
        this(server, directory, mapping, tokens, audit, limits, paging, admin, Safety.NONE, Journal.beside(Safety.NONE));
    }

    /**
     * The repair journal (README "Interrupted writes"): pending repairs of writes that take several LDAP operations.
     *
     * @param file     the journal file, one per bridge instance; {@code repairs.json} beside the guards' state file when
     *                 not configured
     * @param retryMax the longest wait between two attempts at a pending repair while the directory is away
     */
    public record Journal(Path file, Duration retryMax) {

        public static Journal beside(Safety safety) {
            return new Journal(safety.stateFile().resolveSibling("repairs.json"), Duration.ofSeconds(30));
        }
    }

    /** The file holding the hashes of accepted bearer tokens; fails when the tokens come from the directory. */
    public Path tokenFile() {
        return tokens.file().orElseThrow(() -> new IllegalStateException("the tokens come from the directory, not a file"));
    }

    /**
     * @param file            the token file (hashes, scopes, expiry), watched for changes; empty when in the directory
     * @param rotationOverlap how long a rotated token's previous secret stays valid
     * @param lastUsedFile    where the last use of each token is recorded; next to the token file when not configured
     * @param lastUsedFlush   how often the last uses seen in memory are merged into that file
     * @param directory       the directory subtree holding the tokens instead of a file, for several instances
     */
    public record Tokens(Optional<Path> file, Duration rotationOverlap, Path lastUsedFile, Duration lastUsedFlush,
                         Optional<TokenDirectory> directory) {
    }

    /**
     * @param base    the entry below which each token is one entry
     * @param refresh how often every bridge reads the subtree again: the longest a revocation takes to apply
     */
    public record TokenDirectory(String base, Duration refresh) {
    }

    /**
     * @param host             address of the admin listener; loopback by default
     * @param port             its TCP port
     * @param credentialSha256 SHA-256 of the admin secret entered on the login page
     * @param sessionIdle      a login session ends after this long without a request
     */
    public record Admin(String host, int port, byte[] credentialSha256, Duration sessionIdle) {
    }

    /**
     * @param host      address to listen on; loopback unless a reverse proxy or the IdP must reach it directly
     * @param port      TCP port
     * @param publicUrl externally visible base URL (scheme://host[:port]) for {@code meta.location}, when behind a proxy
     * @param shutdownGrace how long a stop waits for in-flight requests before it cuts them off
     * @param tls       HTTPS on the listener; plain HTTP when empty (loopback behind a TLS-terminating proxy)
     */
    public record Server(String host, int port, Optional<String> publicUrl, Duration shutdownGrace, Optional<Tls> tls) {

        /** A plain HTTP listener. */
        public Server(String host, int port, Optional<String> publicUrl, Duration shutdownGrace) {
            this(host, port, publicUrl, shutdownGrace, Optional.empty());
        }
    }

    /** The listener's key and certificate; the listener speaks TLS 1.2 and 1.3 only. */
    public sealed interface Tls permits PemTls, KeystoreTls {
    }

    /**
     * @param certificate PEM file: the server certificate first, then any intermediates
     * @param privateKey  PEM file: the unencrypted PKCS#8 private key (a file or a systemd credential)
     */
    public record PemTls(Path certificate, Path privateKey) implements Tls {
    }

    /** @param keystore PKCS#12 file holding the key and its certificate chain, opened with {@code password} */
    public record KeystoreTls(Path keystore, Secret password) implements Tls {
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
     * @param maxPayloadBytes     largest accepted request body (413 beyond it)
     * @param maxResults          largest number of resources one list request may return (filter.maxResults)
     * @param bulkMaxOperations   most operations one {@code /Bulk} request may carry (bulk.maxOperations, 413 beyond it)
     * @param bulkMaxPayloadBytes largest accepted {@code /Bulk} body (bulk.maxPayloadSize, 413 beyond it)
     * @param maxPatchOperations  most operations one PATCH request may carry (400 tooMany beyond)
     * @param rates               request rates per token and failed authentications per client address
     */
    public record Limits(long maxPayloadBytes, int maxResults, int bulkMaxOperations, long bulkMaxPayloadBytes,
                         int maxPatchOperations, Rates rates) {

        public static final int DEFAULT_BULK_MAX_OPERATIONS = 1000;
        public static final long DEFAULT_BULK_MAX_PAYLOAD_BYTES = 1_048_576;
        public static final int DEFAULT_MAX_PATCH_OPERATIONS = 1000;

        /** The default bulk and operation limits, without rate limits (tests, the demo). */
        public Limits(long maxPayloadBytes, int maxResults) {
            this(maxPayloadBytes, maxResults, DEFAULT_BULK_MAX_OPERATIONS, DEFAULT_BULK_MAX_PAYLOAD_BYTES);
        }

        /** These bulk limits, the default operation limit, no rate limits. */
        public Limits(long maxPayloadBytes, int maxResults, int bulkMaxOperations, long bulkMaxPayloadBytes) {
            this(maxPayloadBytes, maxResults, bulkMaxOperations, bulkMaxPayloadBytes, DEFAULT_MAX_PATCH_OPERATIONS,
                    Rates.UNLIMITED);
        }

        /** The default bulk limits with this operation limit and these rates. */
        public Limits(long maxPayloadBytes, int maxResults, int maxPatchOperations, Rates rates) {
            this(maxPayloadBytes, maxResults, DEFAULT_BULK_MAX_OPERATIONS, DEFAULT_BULK_MAX_PAYLOAD_BYTES, maxPatchOperations,
                    rates);
        }
    }

    /**
     * Token buckets: each token may make {@code burst} requests at once and {@code requestsPerSecond} on average; each
     * client address may fail authentication {@code authFailures} times per {@code authFailureWindow} before its requests
     * are refused (429) without a token check until the window has refilled.
     *
     * @param requestsPerSecond sustained rate per token; 0 switches the per-token limit off
     * @param burst             requests a token may make at once
     * @param authFailures      failed authentications per address in a window; 0 switches the limit off
     * @param authFailureWindow the window
     */
    public record Rates(double requestsPerSecond, int burst, int authFailures, Duration authFailureWindow) {

        public static final Rates UNLIMITED = new Rates(0, 1, 0, Duration.ofMinutes(1));

        public static Rates defaults() {
            return new Rates(100, 200, 10, Duration.ofMinutes(1));
        }
    }

    /**
     * @param strategy     auto: a virtual list view where the directory offers it with server-side sort, else snapshots
     * @param maxScan      most entries a snapshot scan may collect (400 tooMany beyond)
     * @param snapshotTtl  how long a walk may reuse its snapshot
     * @param scanPageSize page size of the simple paged results the scan uses
     * @param sortedCursors on OpenLDAP, walks go page by page with paged results on their sort instead of VLV offsets
     *                      (opt-in: see config/README.md, "Paging")
     * @param maxCursors    with sortedCursors, how many walks may each hold a directory connection (and the sort slapd
     *                      keeps on it) between pages; these connections come on top of {@code directory.poolSize}, so
     *                      waiting walks never leave other requests without one
     */
    public record Paging(Strategy strategy, int maxScan, Duration snapshotTtl, int scanPageSize, boolean sortedCursors,
                         int maxCursors) {

        public Paging {
            if (maxCursors < 0) {
                throw new IllegalArgumentException("maxCursors must not be negative");
            }
        }

        /** Which paging mechanism list requests use. */
        public enum Strategy { AUTO, VLV, SNAPSHOT }

        /** Without sorted cursors. */
        public Paging(Strategy strategy, int maxScan, Duration snapshotTtl, int scanPageSize) {
            this(strategy, maxScan, snapshotTtl, scanPageSize, false, 0);
        }

        /** Directory connections the cursors may hold beside the pool: none without sorted cursors. */
        public int cursorConnections() {
            return sortedCursors ? maxCursors : 0;
        }

        public static Paging defaults() {
            return new Paging(Strategy.AUTO, 200_000, Duration.ofSeconds(60), 1000);
        }
    }

    /**
     * What stops the bridge from being the tool that wipes a directory by mistake (README "Guards", "Protected entries",
     * "Dry run").
     *
     * @param caps       per kind of destructive change, at most {@code max} in {@code window}; kinds without a cap are free
     * @param stateFile  where the window counts live, shared by the running bridge and {@code scim-bridge guard}
     * @param protection entries SCIM may read but never change
     * @param dryRun     answer as if written, audit the LDAP operations, write nothing
     */
    public record Safety(Map<GuardKind, Cap> caps, Path stateFile, Protection protection, boolean dryRun) {

        public static final Safety NONE = new Safety(Map.of(), Path.of("/var/lib/scim-bridge/guards.json"),
                new Protection(List.of(), List.of(), List.of()), false);

        public Safety {
            caps = Map.copyOf(caps);
        }
    }

    /** The destructive changes a guard counts; {@code key} is the config key and the metric label. */
    public enum GuardKind {
        DEACTIVATIONS("deactivations"), DELETES("deletes"), MEMBER_REMOVALS("memberRemovals");

        private final String key;

        GuardKind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The kind named {@code key}, case-insensitively; empty for an unknown name. */
        public static Optional<GuardKind> of(String key) {
            return Arrays.stream(values()).filter(k -> k.key.equalsIgnoreCase(key)).findFirst();
        }
    }

    /**
     * @param max    changes allowed within {@code window}; a request that would go beyond is refused whole
     * @param window the sliding window counted
     * @param reset  MANUAL: once refused, refused until {@code scim-bridge guard reset}; WINDOW: free again once old
     *               changes leave the window
     */
    public record Cap(int max, Duration window, Reset reset) {

        /** How a guard that refused opens again. */
        public enum Reset { MANUAL, WINDOW }
    }

    /**
     * @param dns      entries protected one by one
     * @param subtrees entries protected with everything below them
     * @param groups   group entries (and so their member lists) by DN or by displayName
     */
    public record Protection(List<DN> dns, List<DN> subtrees, List<String> groups) {

        public Protection {
            dns = List.copyOf(dns);
            subtrees = List.copyOf(subtrees);
            groups = List.copyOf(groups);
        }

        public boolean isEmpty() {
            return dns.isEmpty() && subtrees.isEmpty() && groups.isEmpty();
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
