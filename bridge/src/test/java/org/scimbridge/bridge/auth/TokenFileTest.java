package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.mapping.config.ConfigException;

class TokenFileTest {

    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
    /** Quoted: YAML would read 64 digits without letters as a number. */
    private static final String ZEROS = "\"" + "0".repeat(64) + "\"";
    private static final String ONES = "\"" + "1".repeat(64) + "\"";

    @TempDir
    Path folder;

    @Test
    void everyFieldSurvivesAWriteAndARead() throws IOException {
        StoredToken token = StoredToken.create("okta", "s1", TokenScopes.parse("read,Users"), NOW,
                Optional.of(NOW.plusSeconds(3600))).rotate("s2", NOW.plusSeconds(60));
        Path file = folder.resolve("tokens.yaml");
        TokenFile.write(file, List.of(token, StoredToken.legacy("entra", TokenStore.sha256("e"))));

        List<StoredToken> read = TokenFile.read(file);
        assertEquals(2, read.size());
        StoredToken back = read.get(0);
        assertEquals("okta", back.name());
        assertArrayEquals(TokenStore.sha256("s2"), back.sha256());
        assertArrayEquals(TokenStore.sha256("s1"), back.previousSha256().orElseThrow());
        assertEquals(Optional.of(NOW.plusSeconds(60)), back.previousUntil());
        assertEquals(token.scopes(), back.scopes());
        assertEquals(token.created(), back.created());
        assertEquals(token.expires(), back.expires());
        assertEquals(TokenScopes.ALL, read.get(1).scopes());
    }

    @Test
    void theFileHoldsHashesButNoSecret() throws IOException {
        Path file = folder.resolve("tokens.yaml");
        TokenFile.write(file, List.of(StoredToken.create("okta", "the-secret-itself", TokenScopes.ALL, NOW, Optional.empty())));
        String text = Files.readString(file);
        assertFalse(text.contains("the-secret-itself"));
        assertTrue(text.contains(java.util.HexFormat.of().formatHex(TokenStore.sha256("the-secret-itself"))));
    }

    @Test
    void aRewriteKeepsTheFileModeAndANewFileIsPrivate() throws IOException {
        Path file = folder.resolve("tokens.yaml");
        TokenFile.update(file, tokens -> tokens);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        TokenFile.update(file, tokens -> List.of(StoredToken.legacy("okta", TokenStore.sha256("x"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void theFormatWithoutScopesOrDatesStillLoads() throws IOException {
        Path file = Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: okta\n    sha256: "
                + ZEROS + "\n");
        StoredToken token = TokenFile.read(file).get(0);
        assertEquals(TokenScopes.ALL, token.scopes());
        assertEquals(Optional.empty(), token.expires());
    }

    @Test
    void duplicateNamesAndUnknownScopesAreErrorsNamingTheEntry() throws IOException {
        Path twice = Files.writeString(folder.resolve("twice.yaml"), "tokens:\n  - name: a\n    sha256: " + ZEROS
                + "\n  - name: a\n    sha256: " + ONES + "\n");
        assertEquals("tokens[1].name", assertThrows(ConfigException.class, () -> TokenFile.read(twice)).key());
        Path scope = Files.writeString(folder.resolve("scope.yaml"), "tokens:\n  - name: a\n    sha256: " + ZEROS
                + "\n    scopes: [read, admin]\n");
        assertEquals("tokens[0].scopes", assertThrows(ConfigException.class, () -> TokenFile.read(scope)).key());
        Path date = Files.writeString(folder.resolve("date.yaml"), "tokens:\n  - name: a\n    sha256: " + ZEROS
                + "\n    expires: next week\n");
        assertEquals("tokens[0].expires", assertThrows(ConfigException.class, () -> TokenFile.read(date)).key());
    }
}
