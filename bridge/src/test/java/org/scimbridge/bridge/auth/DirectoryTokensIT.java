package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.Main;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Tokens kept under a subtree of a real slapd, shared by two running bridges that have no file in common: a token made
 * with the command line reaches both, and so does its revocation, each within their polling interval.
 */
class DirectoryTokensIT {

    @TempDir
    Path folder;
    private SlapdServer slapd;
    private LDAPConnection admin;
    private String base;

    @BeforeEach
    void subtree() throws Exception {
        slapd = SlapdServer.shared();
        admin = slapd.connect();
        base = "ou=scim-tokens-" + UUID.randomUUID().toString().substring(0, 8) + "," + slapd.baseDn();
        admin.add("dn: " + base, "objectClass: organizationalUnit", "ou: " + base.substring(3, base.indexOf(',')));
    }

    @AfterEach
    void removeSubtree() throws Exception {
        // slapd has no subtree delete control: the token entries first, then their parent.
        for (SearchResultEntry entry : admin.search(base, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
            admin.delete(entry.getDN());
        }
        admin.delete(base);
        admin.close();
    }

    private Path config() throws Exception {
        return SlapdBridge.configure(folder, List.of(slapd.url()), slapd.adminDn(), slapd.adminPassword(), "", "poolSize: 2",
                "", Map.of("tokens", """
                        directoryBase: %s
                        directoryRefresh: 100ms
                        lastUsedFile: last-used.yaml
                        """.formatted(base))).resolve("bridge.yaml");
    }

    private static String cli(Path config, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "token";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--config";
        full[args.length + 2] = config.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTokenAndItsRevocationReachEveryBridgeReadingTheSubtree() throws Exception {
        Path config = config();
        BridgeConfig bridgeConfig = BridgeConfigLoader.load(config);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (BridgeHarness one = new BridgeHarness(ServeCommand.start(bridgeConfig, "bridge.yaml", quiet), admin,
                bridgeConfig.mapping());
             BridgeHarness two = new BridgeHarness(ServeCommand.start(bridgeConfig, "bridge.yaml", quiet), admin,
                     bridgeConfig.mapping())) {
            String created = cli(config, "create", "--name", "okta", "--scopes", "read,Users", "--expires", "90d");
            String secret = created.substring(created.lastIndexOf(' ') + 1).strip();
            String bearer = "Bearer " + secret;

            for (BridgeHarness bridge : List.of(one, two)) {
                TokenBridge.await(() -> bridge.send("GET", "/Users?count=1", null, null, bearer).status() == 200,
                        "a bridge accepts the token created in the directory");
                assertEquals(403, bridge.send("GET", "/Groups", null, null, bearer).status(), "the scopes came along");
            }
            assertTrue(cli(config, "list").contains("read,Users"));

            cli(config, "revoke", "okta");

            for (BridgeHarness bridge : List.of(one, two)) {
                TokenBridge.await(() -> bridge.send("GET", "/Users?count=1", null, null, bearer).status() == 401,
                        "every bridge refuses the revoked token");
            }
        }
    }

    @Test
    void anEntryHoldsTheHashAndScopesButNeverTheSecret() throws Exception {
        DirectoryTokens tokens = new DirectoryTokens(admin, new DN(base));
        TokenAdmin tokenAdmin = new TokenAdmin(tokens, folder.resolve("last-used"), Duration.ofHours(1),
                Clock.systemUTC());
        String old = tokenAdmin.create("entra", TokenScopes.parse("read,write"), Optional.empty());
        String fresh = tokenAdmin.rotate("entra");

        SearchResultEntry entry = admin.getEntry("cn=entra," + base);
        String description = entry.getAttributeValue("description");
        assertTrue(entry.hasObjectClass("applicationProcess"));
        assertTrue(description.contains(HexFormat.of().formatHex(TokenStore.sha256(fresh))), description);
        assertTrue(description.contains(HexFormat.of().formatHex(TokenStore.sha256(old))), "the previous hash, for the overlap");
        assertFalse(description.contains(fresh) || description.contains(old), "no secret in the directory");
        assertEquals(List.of("entra"), tokens.read().stream().map(StoredToken::name).toList());
    }
}
