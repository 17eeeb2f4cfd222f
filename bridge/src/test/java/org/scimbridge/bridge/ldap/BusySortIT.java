package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.bridge.it.BridgeHarness;

/**
 * A directory that refuses every sorted search as {@code busy}, as slapd's sssvlv overlay does once its cap on sorts
 * is reached (the 10-minute soak met it as 503s on lookups): an IdP's lookup by userName must still be answered, in
 * the order the sort asked for.
 */
class BusySortIT {

    /** Refuses any search that carries the server-side sort control (RFC 2891). */
    private static final class SortsAtTheirCap extends InMemoryOperationInterceptor {
        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
            if (request.getRequest().hasControl(ServerSideSortRequestControl.SERVER_SIDE_SORT_REQUEST_OID)) {
                throw new LDAPException(ResultCode.BUSY, "too many sorts in progress");
            }
        }
    }

    @Test
    void aLookupIsAnsweredInOrderWhenTheDirectoryRefusesEverySortAsBusy() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(DemoDirectory.schema());
        config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", "admin-secret");
        config.addInMemoryOperationInterceptor(new SortsAtTheirCap());
        InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        directory.startListening();
        LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", directory.getListenPort(),
                "cn=admin,dc=example,dc=com", "admin-secret"), 2);
        try (BridgeHarness bridge = BridgeHarness.start(pool, directory, DemoDirectory.mapping())) {
            for (String name : new String[] {"sorted-c", "sorted-a", "sorted-b"}) {
                assertEquals(201, bridge.send("POST", "/Users", "{\"userName\":\"" + name + "\",\"name\":{\"familyName\":\"S\"}}")
                        .status());
            }
            BridgeHarness.Response one = bridge.get("/Users?filter="
                    + URLEncoder.encode("userName eq \"sorted-b\"", StandardCharsets.UTF_8));
            assertEquals(200, one.status(), one.body());
            assertEquals(1, one.json().path("totalResults").asInt(), one.body());
            BridgeHarness.Response three = bridge.get("/Users?sortBy=userName&filter="
                    + URLEncoder.encode("userName sw \"sorted-\"", StandardCharsets.UTF_8));
            assertEquals(200, three.status(), three.body());
            Set<String> names = new TreeSet<>();
            three.json().path("Resources").forEach(user -> names.add(user.path("userName").asText()));
            assertEquals(Set.of("sorted-a", "sorted-b", "sorted-c"), names, three.body());
            assertEquals("sorted-a", three.json().path("Resources").path(0).path("userName").asText(), "sorted by userName");
            assertEquals("sorted-c", three.json().path("Resources").path(2).path("userName").asText(), "sorted by userName");
            // A page of a walk needs the directory's sort (a virtual list view): 503 with Retry-After, a SCIM error.
            BridgeHarness.Response page = bridge.get("/Users?sortBy=userName&startIndex=2&count=2");
            assertEquals(503, page.status(), page.body());
            assertEquals("503", page.json().path("status").asText(), page.body());
            assertTrue(page.header("Retry-After").isPresent(), "Retry-After");
        } finally {
            directory.shutDown(true);
        }
    }
}
