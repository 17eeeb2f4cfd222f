package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.ldap.LdapPools;

/**
 * The floor under the bridge's lookups and PATCHes ({@code bench/directory --floor}): the least an HTTP server on this
 * stack can do per request. The bridge's Helidon listener settings (plain sockets, no Nagle), its LDAP pool
 * ({@link LdapPools}: synchronous mode, block reads), one LDAP operation per request and the entry written as a flat JSON
 * object with Jackson; nothing else: no token check, no filter parsing, no mapping, no audit record, no metrics, no
 * assertion. The benchmark runs it in its own JVM with the bridge's JVM options, so bridge/floor says what the bridge's
 * own code costs and floor/raw what the stack costs before any of it.
 *
 * <pre>FloorServer CONFIG PORT BASE_DN ATTRIBUTE,ATTRIBUTE,...</pre>
 * CONFIG is the bridge's configuration file (for its {@code directory} section). Routes:
 * {@code GET /floor/Users?uid=X} searches {@code (uid=X)} one level under BASE_DN; {@code PATCH /floor/Users/X} takes
 * the first operation's {@code value} from a SCIM PatchOp body and replaces {@code title} of {@code uid=X,BASE_DN} with
 * it, returning the entry from a post-read control (RFC 4527), as the bridge's 200 does.
 */
public final class FloorServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LDAPConnectionPool pool;
    private final DN base;
    private final String[] attributes;

    private FloorServer(LDAPConnectionPool pool, DN base, String[] attributes) {
        this.pool = pool;
        this.base = base;
        this.attributes = attributes;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: FloorServer CONFIG PORT BASE_DN ATTRIBUTE,ATTRIBUTE,...");
        }
        Path config = Path.of(args[0]);
        LDAPConnectionPool pool = LdapPools.create(BridgeConfigLoader.load(config).directory(), config.toString());
        FloorServer floor = new FloorServer(pool, new DN(args[2]), args[3].split(","));
        WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[1]))
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .useNio(false)
                .routing(routing -> routing
                        .get("/floor/Users", (req, res) -> floor.lookup(req.query().get("uid"), res))
                        .patch("/floor/Users/{uid}", (req, res) -> {
                            try (InputStream in = req.content().inputStream()) {
                                floor.replaceTitle(req.path().pathParameters().get("uid"), in, res);
                            }
                        }))
                .build()
                .start();
        System.out.println("floor listening on " + args[1]);
    }

    private void lookup(String uid, ServerResponse res) throws LDAPException, IOException {
        SearchResult result = pool.search(base.toString(), SearchScope.ONE, Filter.createEqualityFilter("uid", uid), attributes);
        if (result.getEntryCount() != 1) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        send(res, result.getSearchEntries().getFirst());
    }

    private void replaceTitle(String uid, InputStream body, ServerResponse res) throws LDAPException, IOException {
        JsonNode patch = JSON.readTree(body);
        String title = patch.path("Operations").path(0).path("value").asText();
        ModifyRequest modify = new ModifyRequest(new DN(new RDN("uid", uid), base),
                List.of(new Modification(ModificationType.REPLACE, "title", title)));
        modify.addControl(new PostReadRequestControl(attributes));
        LDAPResult result = pool.modify(modify);
        PostReadResponseControl postRead = PostReadResponseControl.get(result);
        if (postRead == null) {
            res.status(Status.INTERNAL_SERVER_ERROR_500).send();
            return;
        }
        send(res, postRead.getEntry());
    }

    private static void send(ServerResponse res, Entry entry) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        for (Attribute attribute : entry.getAttributes()) {
            if (attribute.size() == 1) {
                json.put(attribute.getBaseName(), attribute.getValue());
            } else {
                var values = json.putArray(attribute.getBaseName());
                for (String value : attribute.getValues()) {
                    values.add(value);
                }
            }
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/scim+json");
        res.send(JSON.writeValueAsBytes(json));
    }
}
