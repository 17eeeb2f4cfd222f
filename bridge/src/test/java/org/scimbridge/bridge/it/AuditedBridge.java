package org.scimbridge.bridge.it;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.cli.DemoDirectory;

/** A bridge on an UnboundID in-memory directory that writes its audit records to the given audit log. */
final class AuditedBridge implements AutoCloseable {

    private final InMemoryDirectoryServer directory;
    private final BridgeHarness harness;

    private AuditedBridge(InMemoryDirectoryServer directory, BridgeHarness harness) {
        this.directory = directory;
        this.harness = harness;
    }

    /** Starts directory and bridge; the audit log is closed with the bridge. */
    static AuditedBridge start(AuditLog audit) throws LDAPException, LDIFException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(DemoDirectory.schema());
        config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", "admin-secret");
        InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        directory.startListening();
        LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", directory.getListenPort(),
                "cn=admin,dc=example,dc=com", "admin-secret"), 2);
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, DirectoryFeatures.detect(pool)),
                DemoDirectory.mapping(), TokenStore.of("audit-it", BridgeHarness.TOKEN), audit,
                new Limits(BridgeHarness.MAX_PAYLOAD, 500), Paging.defaults(), new BaseUrl(Optional.empty()));
        BridgeServer server = BridgeServer.start("127.0.0.1", 0, wiring, List.of(pool::close, audit));
        return new AuditedBridge(directory, new BridgeHarness(server, directory, DemoDirectory.mapping()));
    }

    BridgeHarness http() {
        return harness;
    }

    /** A minimal new user. */
    static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"}}";
    }

    @Override
    public void close() {
        harness.close();
        directory.shutDown(true);
    }
}
