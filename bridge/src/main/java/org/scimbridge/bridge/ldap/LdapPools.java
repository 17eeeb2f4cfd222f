package org.scimbridge.bridge.ldap;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.FewestConnectionsServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.RoundRobinServerSet;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;

import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.Directory.Tls;
import org.scimbridge.mapping.config.ConfigException;

/**
 * Builds the connection pool from the directory settings: one or several servers (failover, round robin or fewest
 * connections), each reached with the same TLS settings and bound as the service account, in a bounded, health-checked
 * pool. What the pool does when the directory fails, and why:
 * <ul>
 *   <li>Connections the directory closed are noticed at checkout and replaced (through the server set, so by the next
 *       server that answers); idle ones are read (root DSE) every {@code healthCheckInterval}, and one that failed an
 *       operation is read before it goes back to the pool.</li>
 *   <li>Reads (search, compare) that fail because their connection broke are retried once on a new connection. Writes
 *       are not: a write whose connection broke or timed out after it was sent may have been applied, and only the
 *       client knows whether repeating it is right. It gets 503; its retry re-reads the entry, so a PATCH or PUT that
 *       did land changes nothing the second time, a member add or delete is idempotent (permissive modify), a DELETE
 *       answers 404 and a POST 409 uniqueness.</li>
 *   <li>The pool never holds more than {@code poolSize} connections (plus {@code paging.maxCursors} with sorted cursors,
 *       which walks keep between pages) and a request waits at most {@code responseTimeout}
 *       for one, then gets 503: a directory that hangs costs threads and connections only up to these bounds. The
 *       request that first meets a hung directory waits longest: its operation's {@code responseTimeout} (and up to a
 *       tenth more: {@link ResponseDeadlines} checks that often), then the
 *       health check and the attempt to replace the connection (connect, StartTLS, bind), each bounded by
 *       {@code connectTimeout}.</li>
 * </ul>
 */
public final class LdapPools {

    /** How long connections stay on a later server after a failover before they are moved back to the first one. */
    static final Duration FAILBACK_AFTER = Duration.ofMinutes(5);

    private LdapPools() {
    }

    public static LDAPConnectionPool create(Directory directory, String configFile) throws LDAPException {
        return create(directory, configFile, null);
    }

    /** A pool whose connections report every request and result to {@code logger} (the LDAP metrics), if not null. */
    public static LDAPConnectionPool create(Directory directory, String configFile, LDAPConnectionLogger logger)
            throws LDAPException {
        return create(directory, configFile, logger, 0);
    }

    /**
     * @param cursorConnections connections beyond {@code directory.poolSize} that walks may keep between pages
     *                          ({@code paging.maxCursors}): the pool holds both, so the walks never leave other requests
     *                          fewer than {@code poolSize}
     */
    public static LDAPConnectionPool create(Directory directory, String configFile, LDAPConnectionLogger logger,
                                            int cursorConnections) throws LDAPException {
        Tls tls = directory.tls();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        // responseTimeout bounds every operation through ResponseDeadlines, not the SDK's timed socket reads, which cost
        // two thread hand-offs per operation on a virtual thread (see there); the reads themselves wait untimed.
        options.setConnectionLogger(ResponseDeadlines.start(directory.responseTimeout(), logger));
        options.setConnectTimeoutMillis((int) directory.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(0);
        // Opening a connection (StartTLS, bind) takes a healthy directory milliseconds: bounded like the connect, so a
        // hung directory holds a request that must replace a connection for a few connect timeouts, not responseTimeouts.
        options.setResponseTimeoutMillis(OperationType.BIND, directory.connectTimeout().toMillis());
        options.setExtendedOperationResponseTimeoutMillis(StartTLSExtendedRequest.STARTTLS_REQUEST_OID,
                directory.connectTimeout().toMillis());
        // A timed operation nobody waits for any more (a bind, a health check) should not keep a slow directory busy;
        // the others end with their connection, which makes the directory drop them too.
        options.setAbandonOnTimeout(true);
        options.setSSLSocketVerifier(DirectoryTls.verifier(tls));
        options.setUseKeepAlive(true);
        // The thread that sends a request reads its response: no reader thread per connection handing each response
        // over through a queue. The pool lends a connection to one request at a time, and the bridge never has two
        // operations outstanding on one connection, which is what the asynchronous mode is for.
        options.setUseSynchronousMode(true);
        SSLSocketFactory ssl = tls.encrypted() ? DirectoryTls.socketFactory(tls, configFile) : null;
        SocketFactory sockets = tls.mode() == Tls.Mode.LDAPS ? ssl : new BufferedReadSockets();
        PostConnectProcessor startTls = tls.mode() == Tls.Mode.START_TLS ? new StartTLSPostConnectProcessor(ssl) : null;
        SimpleBindRequest bind = new SimpleBindRequest(directory.bindDn(), directory.bindPassword().value());
        // The server set binds (after StartTLS) as it connects, so a server that takes the connection but refuses TLS or
        // the bind makes a failover set move on to the next one.
        ServerSet servers = serverSet(directory, configFile, sockets, options, bind, startTls);
        long healthCheckTimeout = Math.min(directory.connectTimeout().toMillis(), directory.responseTimeout().toMillis());
        GetEntryLDAPConnectionPoolHealthCheck health = new GetEntryLDAPConnectionPoolHealthCheck("", healthCheckTimeout,
                false, false, false, true, true);
        LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, directory.poolSize() + cursorConnections, 1, null, true,
                health);
        pool.setConnectionPoolName("scim-bridge");
        pool.setHealthCheckIntervalMillis(directory.healthCheckInterval().toMillis());
        pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH, OperationType.COMPARE));
        pool.setMaxWaitTimeMillis(directory.responseTimeout().toMillis());
        pool.setCreateIfNecessary(false);
        return pool;
    }

    private static ServerSet serverSet(Directory directory, String configFile, SocketFactory sockets,
                                       LDAPConnectionOptions options, SimpleBindRequest bind, PostConnectProcessor startTls) {
        List<String> urls = directory.urls();
        String[] hosts = new String[urls.size()];
        int[] ports = new int[urls.size()];
        for (int i = 0; i < urls.size(); i++) {
            try {
                LDAPURL url = new LDAPURL(urls.get(i));
                if (!url.hostProvided()) {
                    throw new ConfigException(configFile, "directory.urls", "'" + urls.get(i) + "' names no host");
                }
                hosts[i] = url.getHost();
                ports[i] = url.getPort();
            } catch (LDAPException e) {
                throw new ConfigException(configFile, "directory.urls", "'" + urls.get(i) + "' is not an LDAP URL: " + e.getMessage());
            }
        }
        if (hosts.length == 1) {
            return new SingleServerSet(hosts[0], ports[0], sockets, options, bind, startTls);
        }
        return switch (directory.balancing()) {
            case FAILOVER -> {
                FailoverServerSet failover = new FailoverServerSet(hosts, ports, sockets, options, bind, startTls);
                failover.setMaxFailoverConnectionAgeMillis(FAILBACK_AFTER.toMillis());
                yield failover;
            }
            case ROUND_ROBIN -> new RoundRobinServerSet(hosts, ports, sockets, options, bind, startTls);
            case FEWEST_CONNECTIONS -> new FewestConnectionsServerSet(hosts, ports, sockets, options, bind, startTls);
        };
    }
}
