package org.scimbridge.bridge.http;

import java.util.Optional;
import java.util.function.LongSupplier;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.config.BridgeConfig.Rates;

/**
 * Requests per token: a token bucket per token name ({@code burst} at once, {@code requestsPerSecond} sustained); beyond
 * it 429 with Retry-After. It runs after {@link ScimRequestFilter}, which put the token's name into the request's audit
 * event, so unauthenticated requests never use up a token's budget and every refusal gets that filter's audit record.
 */
public final class TokenRateLimit implements Filter {

    /** Token names tracked at once; a token file holds a handful, so this bound only matters against a bug. */
    static final int MAX_TOKENS = 10_000;

    private final TokenBuckets buckets;

    TokenRateLimit(Rates rates, LongSupplier nanoTime) {
        this.buckets = new TokenBuckets(rates.burst(), rates.requestsPerSecond(), MAX_TOKENS, nanoTime);
    }

    /** The filter for {@code rates}, or none when {@code requestsPerSecond} is 0. */
    public static Filter create(Rates rates) {
        return rates.requestsPerSecond() == 0 ? (chain, req, res) -> chain.proceed()
                : new TokenRateLimit(rates, System::nanoTime);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> token = req.context().get(AuditEvent.class).map(AuditEvent::tokenName).filter(name -> !name.equals("-"));
        if (token.isPresent()) {
            long wait = buckets.take(token.get());
            if (wait > 0) {
                TooManyRequests.send(res, wait, "too many requests for token " + token.get() + "; retry after the time in"
                        + " Retry-After");
                return;
            }
        }
        chain.proceed();
    }
}
