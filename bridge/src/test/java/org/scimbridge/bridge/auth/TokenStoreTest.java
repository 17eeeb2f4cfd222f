package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.mapping.config.ConfigException;

class TokenStoreTest {

    @TempDir
    Path folder;

    @Test
    void aTokenMatchesItsHashAndNothingElse() throws IOException {
        String secret = TokenStore.newSecret();
        Path file = Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: okta\n    sha256: "
                + HexFormat.of().formatHex(TokenStore.sha256(secret)) + "\n  - name: entra\n    sha256: "
                + HexFormat.of().formatHex(TokenStore.sha256("other")) + "\n");
        TokenStore store = TokenStore.load(file);
        assertEquals(Optional.of("okta"), store.authenticate(secret));
        assertEquals(Optional.of("entra"), store.authenticate("other"));
        assertEquals(Optional.empty(), store.authenticate(secret + "x"));
        assertEquals(Optional.empty(), store.authenticate(""));
    }

    @Test
    void theShippedPlaceholderAcceptsNoToken() {
        TokenStore store = TokenStore.load(Path.of(System.getProperty("config.dir"), "tokens.yaml"));
        assertEquals(Optional.empty(), store.authenticate(""));
        assertEquals(Optional.empty(), store.authenticate("change-me"));
    }

    @Test
    void newSecretsAreLongAndDistinct() {
        String a = TokenStore.newSecret();
        assertTrue(a.length() >= 43, a);
        assertNotEquals(a, TokenStore.newSecret());
    }

    @Test
    void aMalformedHashIsAConfigErrorNamingTheEntry() throws IOException {
        Path file = Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: okta\n    sha256: abc\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TokenStore.load(file));
        assertEquals("tokens[0].sha256", e.key());
    }

    @Test
    void aPlainTextTokenInTheFileIsRefused() throws IOException {
        Path file = Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: okta\n    token: s3cret\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TokenStore.load(file));
        assertEquals("tokens[0].token", e.key());
    }

    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");

    private static TokenStore at(Instant now, StoredToken... tokens) {
        return TokenStore.of(List.of(tokens), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenIsValidUntilItsExpiryAndExpiredFromThen() {
        StoredToken token = StoredToken.create("okta", "s", TokenScopes.ALL, NOW, Optional.of(NOW.plusSeconds(60)));
        assertInstanceOf(TokenStore.Valid.class, at(NOW.plusSeconds(59), token).check("s"));
        assertEquals(new TokenStore.Expired("okta"), at(NOW.plusSeconds(60), token).check("s"));
    }

    @Test
    void afterARotationBothSecretsWorkUntilTheOverlapEndsThenOnlyTheNewOne() {
        StoredToken token = StoredToken.create("okta", "old", TokenScopes.ALL, NOW, Optional.empty())
                .rotate("new", NOW.plusSeconds(3600));
        assertInstanceOf(TokenStore.Valid.class, at(NOW, token).check("old"));
        assertInstanceOf(TokenStore.Valid.class, at(NOW, token).check("new"));
        assertEquals(new TokenStore.Expired("okta"), at(NOW.plusSeconds(3600), token).check("old"));
        assertInstanceOf(TokenStore.Valid.class, at(NOW.plusSeconds(3600), token).check("new"));
    }

    @Test
    void anUnknownSecretIsUnknownNotExpired() {
        StoredToken token = StoredToken.create("okta", "s", TokenScopes.ALL, NOW, Optional.of(NOW.minusSeconds(1)));
        assertEquals(new TokenStore.Unknown(), at(NOW, token).check("t"));
    }

    @Test
    void anAcceptedTokenIsRecordedAsUsedButARefusedOneIsNot() {
        StoredToken valid = StoredToken.create("okta", "s", TokenScopes.ALL, NOW, Optional.empty());
        StoredToken expired = StoredToken.create("old", "o", TokenScopes.ALL, NOW, Optional.of(NOW));
        TokenStore store = at(NOW, valid, expired);
        store.check("s");
        store.check("o");
        assertEquals(Optional.of(NOW), store.lastUsed().of("okta", Map.of()));
        assertEquals(Optional.empty(), store.lastUsed().of("old", Map.of()));
    }
}
