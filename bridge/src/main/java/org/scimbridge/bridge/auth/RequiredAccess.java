package org.scimbridge.bridge.auth;

import java.util.Optional;
import java.util.Set;

/**
 * The scope a SCIM request needs, from its method and path below {@code /scim/v2}. Queries (GET, and POST to a
 * {@code .search} endpoint, RFC 7644 section 3.4.3) need {@code read}; POST, PUT, PATCH and DELETE need {@code write}.
 * Requests on {@code /Users} or {@code /Groups} need access to that resource type; the discovery endpoints (RFC 7644
 * section 4) describe the server, not the directory, and need only a valid token; anything else (the root
 * {@code .search}, which spans every resource type, Bulk) needs a token not restricted to one resource type.
 *
 * @param anyToken     a valid token suffices
 * @param write        the request changes the directory
 * @param resourceType the resource type it touches; every type when empty
 */
public record RequiredAccess(boolean anyToken, boolean write, Optional<String> resourceType) {

    private static final Set<String> DISCOVERY = Set.of("ServiceProviderConfig", "Schemas", "ResourceTypes");
    private static final Set<String> RESOURCES = Set.of("Users", "Groups");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** {@code path} is the part below {@code /scim/v2}, e.g. {@code /Users/42} or {@code /.search}. */
    public static RequiredAccess of(String method, String path) {
        // Runs on every request: plain index arithmetic, no regular expression.
        int from = 0;
        while (from < path.length() && path.charAt(from) == '/') {
            from++;
        }
        int slash = path.indexOf('/', from);
        String first = path.substring(from, slash < 0 ? path.length() : slash);
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean search = method.equals("POST") && (slash < 0 ? first : last).equals(".search");
        boolean write = !search && WRITES.contains(method);
        if (!write && DISCOVERY.contains(first)) {
            return new RequiredAccess(true, false, Optional.empty());
        }
        return new RequiredAccess(false, write, RESOURCES.contains(first) ? Optional.of(first) : Optional.empty());
    }

    public boolean allowedBy(TokenScopes scopes) {
        return anyToken || scopes.allows(write, resourceType);
    }

    /** The scope to name in {@code WWW-Authenticate} (RFC 6750 section 3: scope="..."). */
    public String scope() {
        return (write ? "write" : "read") + resourceType.map(r -> " " + r).orElse("");
    }
}
