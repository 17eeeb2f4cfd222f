package org.scimbridge.bridge.it;

import java.nio.file.Path;

import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The User scenarios against a real OpenLDAP slapd, with the bridge started exactly as {@code scim-bridge serve} starts
 * it: from a bridge YAML, a password file, a token file and {@code config/openldap.yaml}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlapdUsersIT implements UsersScenarios, FilterPagingScenarios, PatchScenarios, GroupScenarios, RoleScenarios,
        LifecycleScenarios, BulkScenarios, ConcurrencyScenarios {

    private BridgeHarness bridge;
    private BridgeHarness bulkBridge;
    private BridgeHarness rolesBridge;
    private BridgeHarness cnNamedBridge;

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        Path folder = SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), "", """
                maxPayloadBytes: %d
                bulkMaxOperations: %d
                bulkMaxPayloadBytes: %d
                # The scenarios fire bursts from one token and probe wrong tokens on purpose (RateLimitIT tests the limits).
                requestsPerSecond: 0
                authFailures: 0
                """.formatted(BridgeHarness.MAX_PAYLOAD, BridgeHarness.BULK_MAX_OPERATIONS, BridgeHarness.MAX_PAYLOAD));
        bridge = SlapdBridge.harness(slapd, folder);
        BulkUsers.seed(slapd.connect());
        bulkBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(), BulkUsers.mapping("entryCSN"));
        RoleScenarios.createRoleGroup(slapd.connect());
        rolesBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(), RoleScenarios.mapping("entryCSN"));
        cnNamedBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(),
                ConcurrencyScenarios.cnNamedUsers("openldap.yaml", "entryCSN"));
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
