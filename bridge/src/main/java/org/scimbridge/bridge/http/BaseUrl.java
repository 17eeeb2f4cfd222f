package org.scimbridge.bridge.http;

import java.util.Optional;

import io.helidon.common.uri.UriInfo;
import io.helidon.webserver.http.ServerRequest;

/**
 * The SCIM base URL for {@code meta.location}, {@code Location} and {@code $ref}: the configured public URL when the
 * bridge sits behind a proxy, otherwise the URL the client used.
 */
public final class BaseUrl {

    public static final String SCIM_PATH = "/scim/v2";

    private final Optional<String> publicUrl;

    public BaseUrl(Optional<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    public String of(ServerRequest req) {
        if (publicUrl.isPresent()) {
            return publicUrl.get() + SCIM_PATH;
        }
        UriInfo uri = req.requestedUri();
        return uri.scheme() + "://" + uri.authority() + SCIM_PATH;
    }
}
