package org.scimbridge.bridge.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
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
        Path folder = Files.createTempDirectory("slapd-users-it");
        Files.writeString(folder.resolve("bind-password"), slapd.adminPassword() + "\n");
        Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: it\n    sha256: "
                + HexFormat.of().formatHex(TokenStore.sha256(BridgeHarness.TOKEN)) + "\n");
        Path mapping = Path.of(System.getProperty("config.dir"), "openldap.yaml").toAbsolutePath();
        Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  poolSize: 4
                mapping: %s
                tokens: tokens.yaml
                audit:
                  file: audit.log
                limits:
                  maxPayloadBytes: %d
                  maxResults: 500
                  bulkMaxOperations: %d
                  bulkMaxPayloadBytes: %d
                  # The scenarios fire bursts from one token and probe wrong tokens on purpose (RateLimitIT tests the limits).
                  requestsPerSecond: 0
                  authFailures: 0
                """.formatted(slapd.url(), slapd.adminDn(), mapping, BridgeHarness.MAX_PAYLOAD, BridgeHarness.BULK_MAX_OPERATIONS,
                BridgeHarness.MAX_PAYLOAD));
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"));
        bridge = new BridgeHarness(ServeCommand.start(config, "bridge.yaml"), slapd.connect(), config.mapping());
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
