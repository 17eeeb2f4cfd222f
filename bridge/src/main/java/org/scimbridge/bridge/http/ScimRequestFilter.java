package org.scimbridge.bridge.http;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.RequiredAccess;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.mapping.ScimException;

/**
 * Runs around every {@code /scim/v2} request: assigns a request id (returned as {@code X-Request-Id}), checks the bearer
 * token and its scopes (RFC 6750; 401 for a missing, unknown or expired token, 403 for a missing scope), refuses write
 * operations with 503 while a fail-closed audit log cannot take records, and writes the audit record when the response
 * is done, whatever happened.
 */
public final class ScimRequestFilter implements Filter {

    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final String BEARER = "bearer ";
    /** Retry-After (RFC 9110 section 10.2.3) of fail-closed refusals: a syslog reconnect or a disk clean-up takes a while. */
    private static final String RETRY_AFTER_SECONDS = "30";

    private final TokenStore tokens;
    private final AuditLog audit;

    public ScimRequestFilter(TokenStore tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.path().path().startsWith("/scim/")) {
            chain.proceed();
            return;
        }
        long start = System.nanoTime();
        String requestId = requestId();
        AuditEvent event = new AuditEvent(requestId, req.remotePeer().host(), req.prologue().method().text(), req.path().path());
        req.context().register(event);
        res.header(REQUEST_ID, requestId);
        try {
            if (!authorized(req, res, event)) {
                return;
            }
            if (isWrite(req) && audit.refusesWrites()) {
                // audit.failClosed: no directory write may happen while it could go unaudited. The refusal itself is
                // still offered to every sink below, so the sinks that work keep a trace of it.
                res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
                ScimJson.send(res, Status.SERVICE_UNAVAILABLE_503, ScimJson.error(ScimException.unavailable(
                        "the audit log cannot record changes right now, so changes are refused; retry later")));
                return;
            }
            chain.proceed();
        } finally {
            audit.record(event, res.status().code(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Checks the bearer token and its scopes; answers 401 (no, unknown, expired or revoked token) or 403 (valid token
     * without the scope) itself, with RFC 6750 section 3 {@code WWW-Authenticate} errors, and returns false then.
     */
    private boolean authorized(RoutingRequest req, RoutingResponse res, AuditEvent event) {
        Optional<String> presented = bearerToken(req);
        TokenStore.Authentication result = presented.map(tokens::check).orElseGet(TokenStore.Unknown::new);
        if (result instanceof TokenStore.Valid valid) {
            event.tokenName(valid.token().name());
            String path = req.path().path();
            RequiredAccess needed = RequiredAccess.of(req.prologue().method().text(),
                    path.startsWith(BaseUrl.SCIM_PATH) ? path.substring(BaseUrl.SCIM_PATH.length()) : path);
            if (needed.allowedBy(valid.token().scopes())) {
                return true;
            }
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"scim\", error=\"insufficient_scope\", scope=\""
                    + needed.scope() + "\"");
            ScimJson.send(res, Status.FORBIDDEN_403, ScimJson.error(new ScimException(403, null, "the token '"
                    + valid.token().name() + "' has the scopes " + valid.token().scopes() + "; this request needs "
                    + needed.scope())));
            return false;
        }
        event.rejectAuthentication();
        if (result instanceof TokenStore.Expired expired) {
            event.tokenName(expired.name());
        }
        // RFC 6750 section 3.1: a request without credentials gets no error code; a wrong, revoked or expired one does.
        res.header(HeaderNames.WWW_AUTHENTICATE, presented.isEmpty() ? "Bearer realm=\"scim\""
                : "Bearer realm=\"scim\", error=\"invalid_token\"");
        ScimJson.send(res, Status.UNAUTHORIZED_401, ScimJson.error(new ScimException(401, null, switch (result) {
            case TokenStore.Expired e -> "the bearer token has expired";
            default -> presented.isEmpty() ? "a valid bearer token is required (Authorization: Bearer <token>)"
                    : "the bearer token is not valid (unknown or revoked)";
        })));
        return false;
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id must be unique, not unpredictable, and
     * {@link UUID#randomUUID()} takes a lock around the system's SecureRandom on every request (measured: ~1.5 % of the
     * bridge's CPU on a lookup).
     */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xf000L | 0x4000L; // version 4 (RFC 9562 section 5.4)
        long low = random.nextLong() & ~(0xc000L << 48) | 0x8000L << 48; // variant 10
        return new UUID(high, low).toString();
    }

    /** Operations that change the directory; {@code POST .../.search} is a query (RFC 7644 section 3.4.3). */
    private static boolean isWrite(RoutingRequest req) {
        Method method = req.prologue().method();
        return method == Method.PUT || method == Method.PATCH || method == Method.DELETE
                || method == Method.POST && !req.path().path().endsWith("/.search");
    }

    private static Optional<String> bearerToken(RoutingRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.length() > BEARER.length() && h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).strip());
    }

    /** The audit event of this request; every SCIM handler runs behind this filter. */
    public static AuditEvent event(ServerRequest req) {
        return req.context().get(AuditEvent.class).orElseThrow(() -> new IllegalStateException("no audit event in context"));
    }
}
