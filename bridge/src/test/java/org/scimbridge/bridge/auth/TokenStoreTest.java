package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
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
}
