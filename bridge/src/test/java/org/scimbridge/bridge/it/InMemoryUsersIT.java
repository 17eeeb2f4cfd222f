package org.scimbridge.bridge.it;

import java.net.InetAddress;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.cli.DemoDirectory;

/** The User scenarios against the UnboundID in-memory directory, the one the demo uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InMemoryUsersIT implements UsersScenarios {

    private InMemoryDirectoryServer directory;
    private BridgeHarness bridge;

    @BeforeAll
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.startListening();
        bridge = BridgeHarness.start(directory.getConnectionPool(4), directory, DemoDirectory.mapping());
    }

    @AfterAll
    void stop() {
        bridge.close();
        directory.shutDown(true);
    }

    @Override
    public BridgeHarness bridge() {
        return bridge;
    }
}
