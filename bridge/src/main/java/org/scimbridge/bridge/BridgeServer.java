package org.scimbridge.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.unboundid.ldap.sdk.LDAPException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.http.DiscoveryService;
import org.scimbridge.bridge.http.ScimJson;
import org.scimbridge.bridge.http.ScimRequestFilter;
import org.scimbridge.bridge.http.GroupMembers;
import org.scimbridge.bridge.http.ResourceService;
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
                         Paging paging, BaseUrl baseUrl, boolean secure, Observability observability) {

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
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                // Helidon's stop closes the server socket, lets each connection finish the request it is serving and
                // waits this long for them before it interrupts the rest.
                .shutdownGracePeriod(shutdownGrace)
                .routing(routing -> routing(routing, wiring))
                .addFeature(wiring.observability().feature())
                .build()
                .start();
        List<AutoCloseable> closing = new ArrayList<>(resources);
        closing.add(wiring.observability());
        return new BridgeServer(server, closing);
    }

    /** All routes, in the Helidon SE style; tests use it to build the same server. */
    public static void routing(HttpRouting.Builder routing, Wiring wiring) {
        MappingConfig mapping = wiring.mapping();
        Optional<GroupMembers> members = mapping.groups().map(groups -> new GroupMembers(wiring.directory(), mapping.users(), groups,
                new AttributeMapper(groups).attributesToRead(), new RoleRules(mapping.roles())));
        ResourceService users = new ResourceService(wiring.directory(), new AttributeMapper(mapping.users()), members, wiring.limits(),
                wiring.paging(), wiring.baseUrl(), wiring.secure());
        wiring.observability().routing(routing);
        routing.addFilter(wiring.observability().httpFilter())
                .addFilter(new ScimRequestFilter(wiring.tokens(), wiring.audit()))
                .register(BaseUrl.SCIM_PATH + "/Users", users);
        mapping.groups().ifPresent(groups -> routing.register(BaseUrl.SCIM_PATH + "/Groups",
                new ResourceService(wiring.directory(), new AttributeMapper(groups), members, wiring.limits(), wiring.paging(),
                        wiring.baseUrl(), wiring.secure())));
        routing
                // RFC 7644 section 3.4.3: a search at the root covers every resource type; Users is the only one so far.
                .post(BaseUrl.SCIM_PATH + "/.search", users::searchWithBody)
                .register(BaseUrl.SCIM_PATH, new DiscoveryService(wiring.mapping().users(), wiring.limits(), wiring.baseUrl()))
                .any(BaseUrl.SCIM_PATH + "/*", (req, res) -> {
                    throw ScimException.notFound("no SCIM endpoint at " + req.path().path());
                })
                .error(ScimException.class, (req, res, e) -> {
                    if (e.getCause() instanceof LDAPException refused) {
                        req.context().get(AuditEvent.class).ifPresent(event -> event.ldapResult(refused.getResultCode().toString()));
                    }
                    if (e.status() == Status.SERVICE_UNAVAILABLE_503.code()) {
                        // RFC 9110 section 10.2.3: how long to wait; IdPs back off instead of retrying at once.
                        res.header(HeaderNames.RETRY_AFTER, String.valueOf(wiring.directory().retryAfter().toSeconds()));
                    }
                    ScimJson.send(res, Status.create(e.status()), ScimJson.error(e));
                })
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
