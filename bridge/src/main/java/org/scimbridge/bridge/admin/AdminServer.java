package org.scimbridge.bridge.admin;

import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

import org.scimbridge.bridge.auth.TokenAdmin;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig;

/**
 * The token management UI on its own listener ({@code admin.host}, loopback by default, and {@code admin.port}), a
 * separate Helidon server: it serves the admin pages and nothing else, and the SCIM listener has no route to them, so
 * neither can reach the other's handlers whatever the path. Started only when the config has an {@code admin} section.
 */
public final class AdminServer implements AutoCloseable {

    /** Form posts are a few hundred bytes; anything large is not from these pages. */
    private static final long MAX_PAYLOAD = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());

    private final WebServer server;

    private AdminServer(WebServer server) {
        this.server = server;
    }

    /**
     * Starts the admin listener. {@code applyNow} re-reads the token file into {@code store} after each change, so this
     * bridge applies it without waiting for its file watcher (other instances rely on theirs).
     */
    public static AdminServer start(BridgeConfig.Admin config, TokenAdmin tokens, TokenStore store, Runnable applyNow) {
        AdminSessions sessions = new AdminSessions(config.sessionIdle(), Clock.systemUTC());
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .maxPayloadSize(MAX_PAYLOAD)
                .routing(routing -> routing.register("/", new AdminService(config.credentialSha256(), sessions, tokens, store,
                        applyNow)).error(HttpException.class, (req, res, e) -> res.status(e.status())
                                .header(HeaderNames.CONTENT_TYPE, "text/plain").send(e.status().reasonPhrase()))
                        .error(RuntimeException.class, (req, res, e) -> {
                            // A form that is not a form, a token file that cannot be written: say so, never a stack trace.
                            LOG.log(Level.WARNING, "admin UI request " + req.path().path() + " failed", e);
                            res.status(Status.INTERNAL_SERVER_ERROR_500).header(HeaderNames.CONTENT_TYPE, "text/plain")
                                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                                    .send("the request failed; the bridge's log says why");
                        }))
                .build()
                .start();
        return new AdminServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
