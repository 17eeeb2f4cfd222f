package org.scimbridge.bridge.http;

import java.util.Optional;
import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.mapping.ScimException;

/**
 * The methods each SCIM endpoint supports (RFC 7644 section 3.2), for the {@code Allow} header of a 405 (RFC 9110
 * section 15.5.6), and the answer to a request no route took: 405 on a known endpoint, 404 elsewhere.
 */
public final class AllowedMethods {

    private static final String READ_ONLY = "GET";
    private static final String COLLECTION = "GET, POST";
    private static final String RESOURCE = "DELETE, GET, PATCH, PUT";
    private static final String SEARCH = "POST";
    private static final Set<String> DISCOVERY = Set.of("ServiceProviderConfig", "Schemas", "ResourceTypes");

    private final Set<String> resourceEndpoints;

    /** @param resourceEndpoints the resource types' endpoints this bridge serves, such as {@code Users} */
    public AllowedMethods(Set<String> resourceEndpoints) {
        this.resourceEndpoints = Set.copyOf(resourceEndpoints);
    }

    /** The {@code Allow} value of the endpoint at {@code path}, if it is one. */
    public Optional<String> of(String path) {
        if (!path.startsWith(BaseUrl.SCIM_PATH + "/")) {
            return Optional.empty();
        }
        String[] segments = path.substring(BaseUrl.SCIM_PATH.length() + 1).split("/", -1);
        String first = segments[0];
        if (segments.length == 1) {
            if (first.equals(".search")) {
                return Optional.of(SEARCH);
            }
            if (resourceEndpoints.contains(first)) {
                return Optional.of(COLLECTION);
            }
            return DISCOVERY.contains(first) ? Optional.of(READ_ONLY) : Optional.empty();
        }
        if (segments.length == 2 && !segments[1].isEmpty()) {
            if (resourceEndpoints.contains(first)) {
                return Optional.of(segments[1].equals(".search") ? SEARCH : RESOURCE);
            }
            if (first.equals("Schemas") || first.equals("ResourceTypes")) {
                return Optional.of(READ_ONLY);
            }
        }
        return Optional.empty();
    }

    /** A handler for what no route took: 405 with {@code Allow} on a known endpoint, otherwise 404. */
    public void unrouted(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().path();
        Optional<String> allow = of(path);
        if (allow.isEmpty()) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        throw new ScimException(405, null, req.prologue().method().text() + " is not allowed on " + path + "; allowed: "
                + allow.get());
    }

    /** Adds {@code Allow} to a 405 answer, whichever handler refused the method. */
    public void addAllow(ServerRequest req, ServerResponse res) {
        of(req.path().absolute().path()).ifPresent(allow -> res.header(HeaderNames.ALLOW, allow));
    }
}
