package org.scimbridge.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.unboundid.ldap.sdk.LDAPException;

import io.helidon.common.tls.Tls;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.guard.Safeguards;
import org.scimbridge.bridge.http.AllowedMethods;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.http.BulkService;
import org.scimbridge.bridge.http.DirectoryRepairs;
import org.scimbridge.bridge.http.DiscoveryService;
import org.scimbridge.bridge.http.DryRunFilter;
import org.scimbridge.bridge.http.FailedAuthThrottle;
import org.scimbridge.bridge.http.ListenerTls;
import org.scimbridge.bridge.http.ScimDirectHandler;
import org.scimbridge.bridge.http.ScimJson;
import org.scimbridge.bridge.http.ScimRequestFilter;
import org.scimbridge.bridge.http.TokenRateLimit;
import org.scimbridge.bridge.http.GroupMembers;
import org.scimbridge.bridge.http.ResourceService;
import org.scimbridge.bridge.journal.RepairJournal;
import org.scimbridge.bridge.journal.Repairs;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.observe.Observability;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.roles.RoleRules;

/** The HTTP side: routing, error mapping and the Helidon server's lifecycle, plus whatever it must close on stop. */
public final class BridgeServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BridgeServer.class.getName());
    /** The grace of servers that nobody stops gracefully (tests, the demo); the appliance configures its own. */
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    private final WebServer server;
    private final List<AutoCloseable> resources;

    private BridgeServer(WebServer server, List<AutoCloseable> resources) {
        this.server = server;
        this.resources = resources;
    }

    /** What the routes need; one instance per server. */
    public record Wiring(LdapDirectory directory, MappingConfig mapping, TokenStore tokens, AuditLog audit, Limits limits,
                         Paging paging, BaseUrl baseUrl, boolean secure, Observability observability, Safeguards safeguards,
                         Repairs repairs) {

        /** Wiring whose repair journal lives in memory (tests, the demo): repairs are retried, but not after a restart. */
        public Wiring(LdapDirectory directory, MappingConfig mapping, TokenStore tokens, AuditLog audit, Limits limits,
                      Paging paging, BaseUrl baseUrl, boolean secure, Observability observability, Safeguards safeguards) {
            this(directory, mapping, tokens, audit, limits, paging, baseUrl, secure, observability, safeguards,
                    Repairs.of(RepairJournal.inMemory(), audit, Duration.ofSeconds(30)));
        }

        /** Wiring without guards or protected entries. */
        public Wiring(LdapDirectory directory, MappingConfig mapping, TokenStore tokens, AuditLog audit, Limits limits,
                      Paging paging, BaseUrl baseUrl, boolean secure, Observability observability) {
            this(directory, mapping, tokens, audit, limits, paging, baseUrl, secure, observability, Safeguards.none());
        }

        /** Wiring with HTTP and JVM metrics only: no pool to watch, so ready means the server runs. */
        public Wiring(LdapDirectory directory, MappingConfig mapping, TokenStore tokens, AuditLog audit, Limits limits,
                      Paging paging, BaseUrl baseUrl, boolean secure) {
            this(directory, mapping, tokens, audit, limits, paging, baseUrl, secure, Observability.create());
        }

        /** Wiring over an unencrypted directory connection (tests, the demo). */
        public Wiring(LdapDirectory directory, MappingConfig mapping, TokenStore tokens, AuditLog audit, Limits limits,
                      Paging paging, BaseUrl baseUrl) {
            this(directory, mapping, tokens, audit, limits, paging, baseUrl, false);
        }
    }

    /**
     * Starts listening. {@code resources} (connection pool, audit log, embedded directory) are closed, in order, after
     * the server stopped.
     */
    public static BridgeServer start(String host, int port, Wiring wiring, List<AutoCloseable> resources) {
        return start(host, port, DEFAULT_GRACE, wiring, resources);
    }

    /**
     * Starts listening; {@link #close()} lets requests in flight finish for up to {@code shutdownGrace} before it cuts
     * them off and closes {@code resources}.
     */
    public static BridgeServer start(String host, int port, Duration shutdownGrace, Wiring wiring,
                                     List<AutoCloseable> resources) {
        return start(host, port, shutdownGrace, Optional.empty(), wiring, resources);
    }

    /**
     * As {@link #start(String, int, Duration, Wiring, List)}, over HTTPS when {@code tls} is present ({@link ListenerTls}).
     */
    public static BridgeServer start(String host, int port, Duration shutdownGrace, Optional<Tls> tls, Wiring wiring,
                                     List<AutoCloseable> resources) {
        WebServerConfig.Builder builder = WebServer.builder();
        tls.ifPresent(builder::tls);
        ScimDirectHandler direct = new ScimDirectHandler();
        builder.directHandlers(handlers -> {
            for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                handlers.addHandler(type, direct);
            }
        });
        WebServer server = builder
                .host(host)
                .port(port)
                .shutdownHook(false)
                // Helidon leaves Nagle's algorithm on. A response written in more than one segment (a page of users)
                // then waits for the client's delayed ACK: ~40 ms per page on Linux, measured with bench/directory.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // Helidon's NIO sockets copy every response through a fixed 8 KB buffer: a page of 100 users (~60 KB) took
                // 8 write(2) calls, each waking the client. Plain sockets write a response in one call (strace of
                // bench/directory's walk: system calls per page 26 -> 14).
                .useNio(false)
                // Helidon's stop closes the server socket, lets each connection finish the request it is serving and
                // waits this long for them before it interrupts the rest.
                .shutdownGracePeriod(shutdownGrace)
                .routing(routing -> routing(routing, wiring))
                .addFeature(wiring.observability().safeguards(wiring.safeguards()).repairs(wiring.repairs()).feature())
                .build()
                .start();
        // The repair thread stops first, while the pool it writes through is still open.
        List<AutoCloseable> closing = new ArrayList<>(List.of(wiring.repairs()));
        closing.add(wiring.directory()::releaseHeldConnections); // before the pool among the resources closes
        closing.addAll(resources);
        closing.add(wiring.observability());
        return new BridgeServer(server, closing);
    }

    /** All routes, in the Helidon SE style; tests use it to build the same server. */
    public static void routing(HttpRouting.Builder routing, Wiring wiring) {
        MappingConfig mapping = wiring.mapping();
        Optional<GroupMembers> members = mapping.groups().map(groups -> new GroupMembers(wiring.directory(), mapping.users(), groups,
                new AttributeMapper(groups).attributesToRead(), new RoleRules(mapping.roles())));
        AllowedMethods allowed = new AllowedMethods(mapping.groups().isPresent() ? Set.of("Users", "Groups") : Set.of("Users"));
        // Dry run writes nothing, so nothing can need a repair: no journal, and no repairs left by a live run either.
        Repairs repairs = wiring.directory().isDryRun() ? Repairs.disabled() : wiring.repairs();
        repairs.start(new DirectoryRepairs(wiring.directory(), mapping, members));
        ResourceService users = new ResourceService(wiring.directory(), new AttributeMapper(mapping.users()), members, wiring.limits(),
                wiring.paging(), wiring.baseUrl(), wiring.secure(), wiring.safeguards(), repairs);
        Optional<ResourceService> groups = mapping.groups().map(g -> new ResourceService(wiring.directory(), new AttributeMapper(g),
                members, wiring.limits(), wiring.paging(), wiring.baseUrl(), wiring.secure(), wiring.safeguards(), repairs));
        wiring.observability().routing(routing);
        // Filters run in this order: metrics see every answer; the failed-authentication throttle refuses guessing
        // addresses before any token comparison; the token check names the token; the token's rate limit comes last.
        routing.addFilter(wiring.observability().httpFilter())
                .addFilter(FailedAuthThrottle.create(wiring.limits().rates(), wiring.audit()))
                .addFilter(new ScimRequestFilter(wiring.tokens(), wiring.audit()))
                .addFilter(TokenRateLimit.create(wiring.limits().rates()));
        if (wiring.directory().isDryRun()) {
            routing.addFilter(new DryRunFilter());
        }
        routing
                // GET on a search endpoint would otherwise read ".search" as an id: 405, like any method an endpoint lacks.
                .get(BaseUrl.SCIM_PATH + "/{type}/.search", allowed::unrouted)
                .register(BaseUrl.SCIM_PATH + "/Users", users);
        groups.ifPresent(service -> routing.register(BaseUrl.SCIM_PATH + "/Groups", service));
        routing
                .register(BaseUrl.SCIM_PATH + "/Bulk", new BulkService(users, groups, wiring.audit(), wiring.limits(), wiring.baseUrl()))
                // RFC 7644 section 3.4.3: a search at the root covers every resource type; Users is the only one so far.
                .post(BaseUrl.SCIM_PATH + "/.search", users::searchWithBody)
                .register(BaseUrl.SCIM_PATH, new DiscoveryService(wiring.mapping().users(), wiring.limits(), wiring.baseUrl()))
                .any(BaseUrl.SCIM_PATH + "/*", allowed::unrouted)
                .error(ScimException.class, (req, res, e) -> {
                    if (e.status() == 405) {
                        allowed.addAllow(req, res);
                    }
                    if (e.getCause() instanceof LDAPException refused) {
                        req.context().get(AuditEvent.class).ifPresent(event -> event.ldapResult(refused.getResultCode().toString()));
                    }
                    if (e.status() == Status.SERVICE_UNAVAILABLE_503.code()) {
                        // RFC 9110 section 10.2.3: how long to wait; IdPs back off instead of retrying at once.
                        res.header(HeaderNames.RETRY_AFTER, String.valueOf(wiring.directory().retryAfter().toSeconds()));
                    }
                    ScimJson.send(res, Status.create(e.status()), ScimJson.error(e));
                })
                // Helidon's own refusals (no route outside /scim/v2, e.g. the admin UI's paths) keep their status.
                .error(HttpException.class, (req, res, e) -> ScimJson.send(res, e.status(), ScimJson.error(
                        new ScimException(e.status().code(), null, e.status().reasonPhrase()))))
                .error(RuntimeException.class, (req, res, e) -> {
                    // Never a stack trace to the client: log it here, tie it to the request id the client got.
                    String requestId = res.headers().first(ScimRequestFilter.REQUEST_ID).orElse("-");
                    LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
                    ScimJson.send(res, Status.INTERNAL_SERVER_ERROR_500, ScimJson.error(ScimException.internal(
                            "internal error; the server log has the details under request id " + requestId)));
                });
    }

    public int port() {
        return server.port();
    }

    /**
     * Stops accepting, lets requests in flight finish within the shutdown grace, then closes the resources in their
     * order (the pool before the audit log, so the records of the last requests are written before it closes).
     */
    @Override
    public void close() {
        server.stop();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + resource.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
    }
}
