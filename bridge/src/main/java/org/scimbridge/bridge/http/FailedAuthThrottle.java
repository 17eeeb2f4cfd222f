package org.scimbridge.bridge.http;

import java.util.UUID;
import java.util.function.LongSupplier;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.config.BridgeConfig.Rates;

/**
 * Slows down token guessing: a client address whose requests failed authentication {@code authFailures} times within
 * {@code authFailureWindow} gets 429 for every request, valid token or not, until the window refilled one failure. It runs
 * before {@link ScimRequestFilter}, so a refused request never reaches the constant-time token comparison; it learns of
 * failures from the 401 that filter answers. Each refusal is audited as an {@code AUTH-FAIL} record with status 429.
 */
public final class FailedAuthThrottle implements Filter {

    /** Addresses tracked at once; beyond it addresses whose window refilled are forgotten first. */
    static final int MAX_ADDRESSES = 100_000;

    private final TokenBuckets failures;
    private final AuditLog audit;

    FailedAuthThrottle(Rates rates, AuditLog audit, LongSupplier nanoTime) {
        this.failures = new TokenBuckets(rates.authFailures(), rates.authFailures() / (rates.authFailureWindow().toNanos() / 1e9),
                MAX_ADDRESSES, nanoTime);
        this.audit = audit;
    }

    /** The filter for {@code rates}, or none when {@code authFailures} is 0. */
    public static Filter create(Rates rates, AuditLog audit) {
        return rates.authFailures() == 0 ? (chain, req, res) -> chain.proceed()
                : new FailedAuthThrottle(rates, audit, System::nanoTime);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.path().path().startsWith("/scim/")) {
            chain.proceed();
            return;
        }
        String client = req.remotePeer().host();
        long wait = failures.waitNanos(client);
        if (wait > 0) {
            long start = System.nanoTime();
            AuditEvent event = new AuditEvent(UUID.randomUUID().toString(), client, req.prologue().method().text(),
                    req.path().path());
            event.rejectAuthentication();
            res.header(ScimRequestFilter.REQUEST_ID, event.requestId());
            try {
                TooManyRequests.send(res, wait, "too many failed authentications from this address; retry later");
            } finally {
                audit.record(event, res.status().code(), (System.nanoTime() - start) / 1_000_000);
            }
            return;
        }
        chain.proceed();
        if (res.status().code() == 401) {
            failures.take(client);
        }
    }
}
