package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scim-bridge token ...} against the token file of a running bridge, which watches it. */
class TokenCommandIT {

    @TempDir
    Path folder;

    @Test
    void aTokenRevokedOnTheCommandLineIsRefusedByTheRunningBridge() throws Exception {
        try (TokenBridge bridge = TokenBridge.start(folder, "24h")) {
            String secret = bridge.token("create", "--name", "okta", "--scopes", "read,write", "--expires", "90d").secret();
            TokenBridge.await(() -> bridge.get("/Users?count=1", secret).status() == 200, "the new token is accepted");

            TokenBridge.Cli revoke = bridge.token("revoke", "okta");

            assertEquals(0, revoke.code(), revoke.err());
            TokenBridge.await(() -> bridge.get("/Users?count=1", secret).status() == 401, "the revoked token is refused");
        }
    }

    @Test
    void afterRotationTheOldAndTheNewSecretBothWorkDuringTheOverlap() throws Exception {
        try (TokenBridge bridge = TokenBridge.start(folder, "24h")) {
            String old = bridge.token("create", "--name", "okta", "--scopes", "read").secret();
            TokenBridge.Cli rotate = bridge.token("rotate", "okta");
            assertEquals(0, rotate.code(), rotate.err());
            String fresh = rotate.secret();

            TokenBridge.await(() -> bridge.get("/Users?count=1", fresh).status() == 200, "the new secret is accepted");
            assertEquals(200, bridge.get("/Users?count=1", old).status(), "the old secret still works within the overlap");
            assertTrue(rotate.out().contains("the old secret stays valid until"), rotate.out());
        }
    }

    @Test
    void withoutOverlapARotatedSecretStopsWorkingAtOnceAsExpired() throws Exception {
        try (TokenBridge bridge = TokenBridge.start(folder, "0s")) {
            String old = bridge.token("create", "--name", "okta", "--scopes", "read").secret();
            String fresh = bridge.token("rotate", "okta").secret();

            TokenBridge.await(() -> bridge.get("/Users?count=1", fresh).status() == 200, "the new secret is accepted");
            assertEquals(401, bridge.get("/Users?count=1", old).status());
            // The record is written once the response is done: wait for it (bounded) rather than race it.
            TokenBridge.await(() -> bridge.auditRecords().stream().anyMatch(r -> r.contains("AUTH-FAIL") && r.contains("token=\"okta\"")),
                    "the refusal of the expired secret names the token");
        }
    }

    @Test
    void theListShowsScopesDatesAndLastUseButNoHash() throws Exception {
        try (TokenBridge bridge = TokenBridge.start(folder, "24h")) {
            String secret = bridge.token("create", "--name", "entra", "--scopes", "read,Groups", "--expires", "30d").secret();
            TokenBridge.await(() -> bridge.get("/Groups?count=1", secret).status() == 200, "the token is accepted");
            bridge.store().lastUsed().flush(folder.resolve("tokens.yaml.last-used"));

            TokenBridge.Cli list = bridge.token("list");

            assertEquals(0, list.code(), list.err());
            String row = list.out().lines().filter(l -> l.startsWith("entra ")).findFirst().orElseThrow();
            assertTrue(row.contains("read,Groups"), row);
            assertFalse(row.contains(" - "), "created, expires and last used are all known: " + row);
            String hash = HexFormat.of().formatHex(TokenStore.sha256(secret));
            assertFalse(list.out().contains(hash) || list.out().contains(secret));
            assertTrue(Files.readString(folder.resolve("tokens.yaml")).contains(hash));
        }
    }

    @Test
    void refusedOperationsExitOneAndUsageErrorsExitTwo() throws Exception {
        try (TokenBridge bridge = TokenBridge.start(folder, "24h")) {
            TokenBridge.Cli unknown = bridge.token("revoke", "nobody");
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("no token named 'nobody'"), unknown.err());
            assertEquals(2, bridge.token("create", "--name", "x", "--scopes", "read,admin").code());
            assertEquals(2, bridge.token("create", "--name", "x", "--scopes", "read", "--expires", "soon").code());
            bridge.token("create", "--name", "x", "--scopes", "read");
            assertEquals(1, bridge.token("create", "--name", "x", "--scopes", "read").code());
        }
    }
}
