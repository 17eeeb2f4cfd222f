package org.scimbridge.bridge.it;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.apache.directory.server.annotations.CreateLdapServer;
import org.apache.directory.server.annotations.CreateTransport;
import org.apache.directory.server.core.annotations.ApplyLdifs;
import org.apache.directory.server.core.annotations.ContextEntry;
import org.apache.directory.server.core.annotations.CreateDS;
import org.apache.directory.server.core.annotations.CreatePartition;
import org.apache.directory.server.core.integ.AbstractLdapTestUnit;
import org.apache.directory.server.core.integ.ApacheDSTestExtension;
import org.apache.directory.server.core.partition.impl.avl.AvlPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

import java.nio.file.Path;

/** The User scenarios against an embedded ApacheDS, with the same {@code config/openldap.yaml} mapping. */
@ExtendWith(ApacheDSTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CreateDS(name = "scim-bridge-it", enableChangeLog = false,
        partitions = @CreatePartition(name = "example", suffix = "dc=example,dc=com",
                type = AvlPartition.class,
                contextEntry = @ContextEntry(entryLdif = "dn: dc=example,dc=com\nobjectClass: top\nobjectClass: domain\ndc: example\n\n")))
@CreateLdapServer(transports = @CreateTransport(protocol = "LDAP", address = "127.0.0.1"))
@ApplyLdifs({
        "dn: ou=people,dc=example,dc=com", "objectClass: top", "objectClass: organizationalUnit", "ou: people", "",
        "dn: ou=groups,dc=example,dc=com", "objectClass: top", "objectClass: organizationalUnit", "ou: groups", ""})
class ApacheDsUsersIT extends AbstractLdapTestUnit implements UsersScenarios, FilterPagingScenarios, PatchScenarios, GroupScenarios,
        RoleScenarios, LifecycleScenarios, ConcurrencyScenarios {

    private BridgeHarness bridge;
    private BridgeHarness bulkBridge;
    private BridgeHarness rolesBridge;
    private BridgeHarness cnNamedBridge;

    @BeforeAll
    void start() throws Exception {
        int port = classLdapServer.getPort();
        LDAPConnection admin = new LDAPConnection("127.0.0.1", port, "uid=admin,ou=system", "secret");
        LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", port, "uid=admin,ou=system", "secret"), 4);
        MappingConfig mapping = MappingLoader.load(Path.of(System.getProperty("config.dir"), "apacheds.yaml"));
        bridge = BridgeHarness.start(pool, admin, mapping);
        BulkUsers.seed(admin);
        bulkBridge = BridgeHarness.start(new LDAPConnectionPool(new LDAPConnection("127.0.0.1", port, "uid=admin,ou=system", "secret"), 4),
                admin, BulkUsers.mapping("entryCSN"));
        RoleScenarios.createRoleGroup(admin);
        rolesBridge = BridgeHarness.start(new LDAPConnectionPool(new LDAPConnection("127.0.0.1", port, "uid=admin,ou=system", "secret"), 4),
                admin, RoleScenarios.mapping("entryCSN"));
        LDAPConnection cnNamedConnection = new LDAPConnection("127.0.0.1", port, "uid=admin,ou=system", "secret");
        cnNamedBridge = BridgeHarness.start(new LDAPConnectionPool(cnNamedConnection, 4), admin,
                ConcurrencyScenarios.cnNamedUsers("apacheds.yaml", "entryCSN"));
    }

    @AfterAll
    void stop() {
        bridge.close();
        bulkBridge.close();
        rolesBridge.close();
        cnNamedBridge.close();
    }

    @Override
    public BridgeHarness rolesBridge() {
        return rolesBridge;
    }

    @Override
    public String lockedValue() {
        return "20000101000000Z";
    }

    @Override
    public BridgeHarness bulkBridge() {
        return bulkBridge;
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
