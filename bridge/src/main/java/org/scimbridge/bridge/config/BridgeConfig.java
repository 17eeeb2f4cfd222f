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
     * @param urls            one or more {@code ldap://} or {@code ldaps://} URLs
     * @param bindDn          the bridge's own service account
     * @param bindPassword    resolved from a file, an environment variable or a systemd credential; never inline
     * @param poolSize        connections kept open
     * @param connectTimeout  per connection attempt
     * @param responseTimeout per LDAP operation
     */
    public record Directory(List<String> urls, String bindDn, Secret bindPassword, int poolSize, Duration connectTimeout,
                            Duration responseTimeout) {
    }

    /** @param file append-only audit file; @param stdout also write records to standard output (for journald) */
    public record Audit(Optional<Path> file, boolean stdout) {
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
