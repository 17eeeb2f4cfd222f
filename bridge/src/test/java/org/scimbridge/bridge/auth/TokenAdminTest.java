package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAdminTest {

    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");

    @TempDir
    Path folder;
    private Path file;
    private TokenAdmin admin;

    @BeforeEach
    void emptyTokenFile() throws IOException {
        file = Files.writeString(folder.resolve("tokens.yaml"), "tokens: []\n");
        admin = new TokenAdmin(TokenFile.at(file), folder.resolve("last-used"), Duration.ofHours(24),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aCreatedTokenIsAcceptedWithItsScopesAndExpiry() throws IOException {
        String secret = admin.create("okta", TokenScopes.parse("read,Users"), Optional.of(Duration.ofDays(90)));
        TokenStore.Valid valid = (TokenStore.Valid) TokenStore.load(file, Clock.fixed(NOW, ZoneOffset.UTC)).check(secret);
        assertEquals(TokenScopes.parse("read,Users"), valid.token().scopes());
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(90))), valid.token().expires());
        assertEquals(Optional.of(NOW), valid.token().created());
    }

    @Test
    void aSecondTokenWithTheSameNameIsRefused() throws IOException {
        admin.create("okta", TokenScopes.ALL, Optional.empty());
        assertThrows(TokenAdmin.TokenException.class, () -> admin.create("okta", TokenScopes.ALL, Optional.empty()));
        assertEquals(1, TokenFile.read(file).size());
    }

    @Test
    void aNameThatIsNotPlainIsRefused() {
        assertThrows(TokenAdmin.TokenException.class, () -> admin.create("<b>x</b>", TokenScopes.ALL, Optional.empty()));
    }

    @Test
    void rotatingKeepsTheOldSecretForTheOverlap() throws IOException {
        String old = admin.create("okta", TokenScopes.ALL, Optional.empty());
        String fresh = admin.rotate("okta");
        TokenStore store = TokenStore.load(file, Clock.fixed(NOW.plus(Duration.ofHours(23)), ZoneOffset.UTC));
        assertEquals(Optional.of("okta"), store.authenticate(old));
        assertEquals(Optional.of("okta"), store.authenticate(fresh));
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(24))), admin.list(new LastUsed()).get(0).previousValidUntil());
    }

    @Test
    void revokingRemovesTheTokenAndUnknownNamesAreRefused() throws IOException {
        String secret = admin.create("okta", TokenScopes.ALL, Optional.empty());
        admin.revoke("okta");
        assertEquals(Optional.empty(), TokenStore.load(file).authenticate(secret));
        assertEquals(List.of(), admin.list(new LastUsed()));
        assertThrows(TokenAdmin.TokenException.class, () -> admin.revoke("okta"));
        assertThrows(TokenAdmin.TokenException.class, () -> admin.rotate("okta"));
    }
}
