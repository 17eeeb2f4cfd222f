package org.scimbridge.bridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.config.MappingConfig;

/**
 * A running bridge on a real directory, plus an HTTP client that speaks to it and an admin LDAP handle that inspects
 * what it wrote. Integration tests check both sides: the SCIM response and the resulting LDAP entry.
 */
public final class BridgeHarness implements AutoCloseable {

    public static final String TOKEN = "integration-test-token";
    /** Small enough that the oversized-body test stays cheap. */
    public static final int MAX_PAYLOAD = 64 * 1024;
    /** bulk.maxOperations of test bridges: small, so that exceeding it is cheap. */
    public static final int BULK_MAX_OPERATIONS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BridgeServer server;
    private final LDAPInterface admin;
    private final MappingConfig mapping;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public BridgeHarness(BridgeServer server, LDAPInterface admin, MappingConfig mapping) {
        this.server = server;
        this.admin = admin;
        this.mapping = mapping;
    }

    /** Starts the bridge in-process with the given pool (closed with the harness). */
    public static BridgeHarness start(LDAPConnectionPool pool, LDAPInterface admin, MappingConfig mapping) throws LDAPException {
        return start(pool, admin, mapping, Paging.defaults());
    }

    /** Starts the bridge in-process with the given pool (closed with the harness) and paging settings. */
    public static BridgeHarness start(LDAPConnectionPool pool, LDAPInterface admin, MappingConfig mapping, Paging paging)
            throws LDAPException {
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, DirectoryFeatures.detect(pool)), mapping,
                TokenStore.of("it", TOKEN), new AuditLog(List.of(), Clock.systemUTC()),
                new Limits(MAX_PAYLOAD, 500, BULK_MAX_OPERATIONS, MAX_PAYLOAD), paging, new BaseUrl(Optional.empty()));
        return new BridgeHarness(BridgeServer.start("127.0.0.1", 0, wiring, List.of(pool::close)), admin, mapping);
    }

    public MappingConfig mapping() {
        return mapping;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + BaseUrl.SCIM_PATH;
    }

    /** A SCIM request with the valid token; {@code body} may be null. */
    public Response send(String method, String path, String body) {
        return send(method, path, body, "application/scim+json", "Bearer " + TOKEN);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response send(String method, String path, String body, String contentType, String authorization,
                         String... extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            request.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The user entry with this SCIM id, read directly from the directory with all user and operational attributes. */
    public Optional<SearchResultEntry> userEntryById(String id) {
        return userEntry(Filter.createEqualityFilter(mapping.users().idAttribute(), id));
    }

    public Optional<SearchResultEntry> userEntryByUid(String uid) {
        return userEntry(Filter.createEqualityFilter("uid", uid));
    }

    /** How many user entries the directory holds: bad requests must leave it unchanged. */
    public int userCount() {
        try {
            return admin.search(mapping.users().base().toString(), SearchScope.ONE, Filter.createPresenceFilter("objectClass"), "1.1")
                    .getEntryCount();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    public LDAPInterface admin() {
        return admin;
    }

    private Optional<SearchResultEntry> userEntry(Filter filter) {
        try {
            return Optional.ofNullable(admin.searchForEntry(mapping.users().base().toString(), SearchScope.SUB, filter, "*", "+"));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** An HTTP response as the tests see it. */
    public record Response(int status, java.util.Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }
}
