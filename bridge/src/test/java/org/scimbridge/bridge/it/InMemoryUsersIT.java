package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.cli.DemoDirectory;

/** The User scenarios against the UnboundID in-memory directory, the one the demo uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InMemoryUsersIT implements UsersScenarios, FilterPagingScenarios, PatchScenarios, GroupScenarios, RoleScenarios,
        LifecycleScenarios, BulkScenarios, ConcurrencyScenarios {

    private InMemoryDirectoryServer directory;
    private BridgeHarness bridge;
    private BridgeHarness bulkBridge;
    private BridgeHarness rolesBridge;
    private BridgeHarness cnNamedBridge;
    private final AtomicInteger searches = new AtomicInteger();
    private final List<List<String>> groupSearchAttributes = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(DemoDirectory.schema());
        config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", "admin-secret");
        // Counts the searches the directory receives, to prove list requests cost one search, not one per entry.
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                searches.incrementAndGet();
                if (request.getRequest().getBaseDN().toLowerCase().contains("ou=groups")) {
                    groupSearchAttributes.add(List.copyOf(request.getRequest().getAttributeList()));
                }
            }
        });
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        directory.startListening();
        bridge = BridgeHarness.start(adminPool(), directory, DemoDirectory.mapping());
        BulkUsers.seed(directory);
        bulkBridge = BridgeHarness.start(adminPool(), directory, BulkUsers.mapping("modifyTimestamp"));
        RoleScenarios.createRoleGroup(directory);
        rolesBridge = BridgeHarness.start(adminPool(), directory, RoleScenarios.mapping("modifyTimestamp"));
        cnNamedBridge = BridgeHarness.start(adminPool(), directory,
                ConcurrencyScenarios.cnNamedUsers("openldap.yaml", "modifyTimestamp"));
    }

    @Override
    public BridgeHarness rolesBridge() {
        return rolesBridge;
    }

    /** Bound as an administrator: the password modify operation needs an authenticated connection. */
    private com.unboundid.ldap.sdk.LDAPConnectionPool adminPool() throws com.unboundid.ldap.sdk.LDAPException {
        return new com.unboundid.ldap.sdk.LDAPConnectionPool(new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1",
                directory.getListenPort(), "cn=admin,dc=example,dc=com", "admin-secret"), 4);
    }

    @Override
    public BridgeHarness bulkBridge() {
        return bulkBridge;
    }

    @Test
    void aListRequestIsOneSearchWhateverThePageSize() {
        for (int count : new int[] {1, 100, 500}) {
            int before = searches.get();
            JsonNode page = bulkBridge.get("/Users?filter=title%20eq%20%22Engineer%22&startIndex=7&count=" + count).json();
            assertEquals(Math.min(count, 500 - 6), page.path("itemsPerPage").asInt());
            assertEquals(1, searches.get() - before, "one search for a page of " + count);
        }
    }

    /** Entra's lookup form (MS SCIM tutorial): the directory is never asked for the member attribute. */
    @Test
    void excludedMembersAreNeverReadFromTheDirectory() {
        String member = bridge.send("POST", "/Users", "{\"userName\":\"lookup-member\"}").json().path("id").asText();
        assertEquals(201, bridge.send("POST", "/Groups", "{\"displayName\":\"Lookup Target\",\"members\":[{\"value\":\""
                + member + "\"}]}").status());
        groupSearchAttributes.clear();
        JsonNode found = bridge.get("/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Lookup%20Target%22").json();
        assertEquals(1, found.path("totalResults").asInt());
        assertFalse(groupSearchAttributes.isEmpty());
        groupSearchAttributes.forEach(attributes -> assertFalse(attributes.stream().anyMatch(a -> a.equalsIgnoreCase("member")
                || a.equals("*")), "requested " + attributes));
    }

    @Test
    void managersOfAWholePageAreResolvedInOneMoreSearch() {
        for (int i = 0; i < 3; i++) {
            String manager = bridge.send("POST", "/Users", "{\"userName\":\"mgr-" + i + "\"}").json().path("id").asText();
            for (int j = 0; j < 4; j++) {
                bridge.send("POST", "/Users", "{\"userName\":\"subordinate-" + i + "-" + j + "\",\"" + UsersScenarios.ENTERPRISE
                        + "\":{\"manager\":{\"value\":\"" + manager + "\"}}}");
            }
        }
        int before = searches.get();
        JsonNode page = bridge.get("/Users?filter=userName%20sw%20%22subordinate-%22").json();
        assertEquals(12, page.path("totalResults").asInt());
        page.path("Resources").forEach(r -> assertFalse(r.path(UsersScenarios.ENTERPRISE).path("manager").path("value").asText().isEmpty()));
        assertEquals(2, searches.get() - before, "the page's search, then one search for all 3 managers' ids");
    }

    @AfterAll
    void stop() {
        bridge.close();
        bulkBridge.close();
        rolesBridge.close();
        cnNamedBridge.close();
        directory.shutDown(true);
    }

    @Override
    public BridgeHarness cnNamedBridge() {
        return cnNamedBridge;
    }

    @Override
    public BridgeHarness bridge() {
        return bridge;
    }
}
