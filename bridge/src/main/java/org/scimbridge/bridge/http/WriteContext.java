package org.scimbridge.bridge.http;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import org.scimbridge.bridge.audit.AuditEvent;

/**
 * What a write takes from its HTTP request, so that a single request and one operation of a {@code /Bulk} request
 * (RFC 7644 section 3.7) run the same code: the SCIM base URL for references and {@code Location}, the {@code If-Match}
 * value (a bulk operation's {@code version}), and the audit event the write fills in.
 *
 * @param baseUrl the SCIM base URL, e.g. {@code https://scim.example.com/scim/v2}
 * @param ifMatch the raw {@code If-Match} value; empty when the request has none
 * @param event   the audit record of this write
 */
record WriteContext(String baseUrl, Optional<String> ifMatch, AuditEvent event) {

    static WriteContext of(ServerRequest req, BaseUrl baseUrl) {
        return new WriteContext(baseUrl.of(req), req.headers().first(HeaderNames.IF_MATCH), ScimRequestFilter.event(req));
    }

    boolean conditional() {
        return ifMatch.isPresent();
    }
}
