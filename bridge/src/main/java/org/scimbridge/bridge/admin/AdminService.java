package org.scimbridge.bridge.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.bridge.auth.TokenAdmin;
import org.scimbridge.bridge.auth.TokenLifetime;
import org.scimbridge.bridge.auth.TokenScopes;
import org.scimbridge.bridge.auth.TokenStore;

/**
 * The token management pages: sign in with the admin secret, then list, create, rotate and revoke tokens. State changes
 * are POSTs that must carry the session's CSRF token and, when the browser sends an Origin header, come from this
 * listener's own origin; the session cookie is {@code HttpOnly; SameSite=Strict}.
 */
final class AdminService implements HttpService {

    static final String COOKIE = "scim_admin";
    private static final Logger LOG = Logger.getLogger(AdminService.class.getName());

    private final byte[] credentialSha256;
    private final AdminSessions sessions;
    private final TokenAdmin tokens;
    private final TokenStore store;
    private final Runnable applyNow;

    /** {@code applyNow} makes this bridge use the rewritten file at once, without waiting for its watcher. */
    AdminService(byte[] credentialSha256, AdminSessions sessions, TokenAdmin tokens, TokenStore store, Runnable applyNow) {
        this.credentialSha256 = credentialSha256.clone();
        this.sessions = sessions;
        this.tokens = tokens;
        this.store = store;
        this.applyNow = applyNow;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> {
            securityHeaders(res);
            res.next();
        })
                .get("/login", (req, res) -> html(res, Status.OK_200, AdminPages.login(Optional.empty())))
                .post("/login", this::login)
                .get("/", this::list)
                .post("/logout", (req, res) -> withSession(req, res, (form, csrf) -> {
                    cookie(req).ifPresent(sessions::end);
                    res.headers().addCookie(sessionCookie("", Duration.ZERO));
                    redirect(res, "/login");
                }))
                .post("/tokens", (req, res) -> withSession(req, res, (form, csrf) -> create(form, csrf, res)))
                .post("/tokens/rotate", (req, res) -> withSession(req, res, (form, csrf) -> change(form, csrf, res, true)))
                .post("/tokens/revoke", (req, res) -> withSession(req, res, (form, csrf) -> change(form, csrf, res, false)));
    }

    private void login(ServerRequest req, ServerResponse res) {
        if (!sameOrigin(req)) {
            html(res, Status.FORBIDDEN_403, AdminPages.login(Optional.of("cross-site request refused")));
            return;
        }
        Parameters form = req.content().as(Parameters.class);
        byte[] presented = TokenStore.sha256(form.first("secret").orElse(""));
        if (!MessageDigest.isEqual(presented, credentialSha256)) {
            LOG.warning("admin UI: failed sign-in from " + req.remotePeer().host());
            html(res, Status.UNAUTHORIZED_401, AdminPages.login(Optional.of("wrong admin secret")));
            return;
        }
        AdminSessions.Started session = sessions.start();
        res.headers().addCookie(sessionCookie(session.cookie(), null));
        redirect(res, "/");
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = cookie(req).flatMap(sessions::find);
        if (session.isEmpty()) {
            redirect(res, "/login");
            return;
        }
        try {
            html(res, Status.OK_200, AdminPages.tokens(tokens.list(store.lastUsed()), session.get().csrfToken(),
                    Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void create(Parameters form, String csrf, ServerResponse res) throws IOException {
        String name = form.first("name").orElse("").strip();
        String expires = form.first("expires").orElse("").strip();
        List<String> words = new ArrayList<>(form.all("scope", List::of));
        form.first("resource").filter(r -> !r.isBlank()).ifPresent(words::add);
        try {
            String secret = tokens.create(name, TokenScopes.parse(words),
                    expires.isEmpty() ? Optional.empty() : Optional.of(TokenLifetime.parse(expires)));
            applyNow.run();
            LOG.info("admin UI: token " + name + " created");
            html(res, Status.OK_200, AdminPages.secret(name, secret, "Token " + name + " created."));
        } catch (IllegalArgumentException | TokenAdmin.TokenException e) {
            html(res, Status.BAD_REQUEST_400, AdminPages.tokens(tokens.list(store.lastUsed()), csrf,
                    Optional.of(e.getMessage())));
        }
    }

    private void change(Parameters form, String csrf, ServerResponse res, boolean rotate) throws IOException {
        String name = form.first("name").orElse("");
        try {
            if (rotate) {
                String secret = tokens.rotate(name);
                applyNow.run();
                LOG.info("admin UI: token " + name + " rotated");
                html(res, Status.OK_200, AdminPages.secret(name, secret, "Token " + name + " rotated; the old secret stays"
                        + " valid for " + tokens.rotationOverlap().toString().substring(2).toLowerCase() + "."));
            } else {
                tokens.revoke(name);
                applyNow.run();
                LOG.info("admin UI: token " + name + " revoked");
                redirect(res, "/");
            }
        } catch (TokenAdmin.TokenException e) {
            html(res, Status.NOT_FOUND_404, AdminPages.tokens(tokens.list(store.lastUsed()), csrf, Optional.of(e.getMessage())));
        }
    }

    /** A state-changing form handler, run only for a signed-in session whose CSRF token the form carries. */
    private interface FormAction {
        void run(Parameters form, String csrf) throws IOException;
    }

    private void withSession(ServerRequest req, ServerResponse res, FormAction action) {
        Optional<AdminSessions.Session> session = cookie(req).flatMap(sessions::find);
        if (session.isEmpty()) {
            html(res, Status.UNAUTHORIZED_401, AdminPages.login(Optional.of("sign in first")));
            return;
        }
        if (!sameOrigin(req)) {
            html(res, Status.FORBIDDEN_403, AdminPages.login(Optional.of("cross-site request refused")));
            return;
        }
        Parameters form = req.content().as(Parameters.class);
        byte[] expected = session.get().csrfToken().getBytes(StandardCharsets.UTF_8);
        byte[] given = form.first("csrf").orElse("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            html(res, Status.FORBIDDEN_403, AdminPages.login(Optional.of("the form's CSRF token is missing or wrong;"
                    + " reload the page and try again")));
            return;
        }
        try {
            action.run(form, session.get().csrfToken());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Browsers send Origin with every POST; when present it must be this listener (scheme, host and port). */
    private static boolean sameOrigin(ServerRequest req) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return true;
        }
        Optional<String> host = req.headers().first(HeaderNames.HOST);
        try {
            URI uri = URI.create(origin.get());
            return host.isPresent() && "http".equals(uri.getScheme()) && host.get().equalsIgnoreCase(uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> cookie(ServerRequest req) {
        return req.headers().cookies().first(COOKIE).asOptional();
    }

    private static SetCookie sessionCookie(String value, Duration maxAge) {
        SetCookie.Builder cookie = SetCookie.builder(COOKIE, value).httpOnly(true).sameSite(SetCookie.SameSite.STRICT).path("/");
        if (maxAge != null) {
            cookie.maxAge(maxAge);
        }
        return cookie.build();
    }

    /** CSP allows the inline style sheet and nothing else: no script, no frames, forms only to this origin. */
    private static void securityHeaders(ServerResponse res) {
        res.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
        res.header("X-Frame-Options", "DENY");
        res.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with form posts, which the Origin
        // check must refuse.
        res.header("Referrer-Policy", "same-origin");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }

    private static void redirect(ServerResponse res, String path) {
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, path).send();
    }

    private static void html(ServerResponse res, Status status, String page) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8").send(page);
    }
}
