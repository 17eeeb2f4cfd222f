package org.scimbridge.bridge.http;

import java.nio.charset.StandardCharsets;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

import org.scimbridge.mapping.ScimException;

/**
 * SCIM error bodies (RFC 7644 section 3.12) for what Helidon refuses before routing, with Helidon's default limits: a
 * request line over {@code maxPrologueLength} (4096 bytes) is 414, headers over {@code maxHeadersSize} (16384 bytes) and
 * malformed HTTP are 400. Its own texts, never Helidon's message (it may quote the request) or a stack trace.
 */
public final class ScimDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        String detail = switch (status.code()) {
            case 414 -> "the request line is longer than the server accepts; send long filters with POST .search"
                    + " (RFC 7644 section 3.4.3)";
            case 413 -> "the request body is larger than the server accepts";
            default -> status.code() >= 500 ? "internal error" : "the request is not valid HTTP/1.1, or its headers exceed"
                    + " 16384 bytes";
        };
        byte[] body = ScimJson.error(new ScimException(status.code(), status.code() == 400 ? "invalidSyntax" : null, detail))
                .toString().getBytes(StandardCharsets.UTF_8);
        headers.set(HeaderNames.CONTENT_TYPE, ScimJson.MEDIA_TYPE);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body)
                .keepAlive(false)
                .build();
    }
}
