package org.scimbridge.bridge.http;

import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.mapping.ScimException;

/** The 429 answer (RFC 6585 section 4) in SCIM's error form, with Retry-After in whole seconds (RFC 9110 section 10.2.3). */
final class TooManyRequests {

    private TooManyRequests() {
    }

    static void send(ServerResponse res, long waitNanos, String detail) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds(waitNanos)));
        ScimJson.send(res, Status.TOO_MANY_REQUESTS_429, ScimJson.error(new ScimException(429, null, detail)));
    }

    /** Rounded up, and at least 1: "Retry-After: 0" would invite an immediate retry that fails again. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
