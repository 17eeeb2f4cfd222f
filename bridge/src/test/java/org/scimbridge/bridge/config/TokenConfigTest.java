package org.scimbridge.bridge.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.mapping.config.ConfigException;

/** The {@code tokens} section in both of its forms, and the {@code admin} section. */
class TokenConfigTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir")).toAbsolutePath();
    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path folder;

    @BeforeEach
    void tokenFile() throws IOException {
        Files.writeString(folder.resolve("tokens.yaml"), "tokens: []\n");
    }

    private Path config(String tail) throws IOException {
        return Files.writeString(folder.resolve("bridge.yaml"), "directory:\n  urls: [ldap://127.0.0.1:389]\n"
                + "  bindDn: cn=x\n  bindPasswordEnv: PW\nmapping: " + CONFIG_DIR.resolve("openldap.yaml") + "\n" + tail);
    }

    @Test
    void theFileAloneMeansADayOfOverlapAndTheStateFileBesideIt() throws IOException {
        BridgeConfig.Tokens tokens = BridgeConfigLoader.tokens(config("tokens: tokens.yaml\n"));
        assertEquals(Optional.of(folder.resolve("tokens.yaml")), tokens.file());
        assertEquals(Duration.ofHours(24), tokens.rotationOverlap());
        assertEquals(folder.resolve("tokens.yaml.last-used"), tokens.lastUsedFile());
    }

    @Test
    void theSectionSetsOverlapStateFileAndFlushInterval() throws IOException {
        BridgeConfig.Tokens tokens = BridgeConfigLoader.tokens(config("tokens:\n  file: tokens.yaml\n  rotationOverlap: 2d\n"
                + "  lastUsedFile: state/last-used.yaml\n  lastUsedFlush: 5m\n"));
        assertEquals(Duration.ofDays(2), tokens.rotationOverlap());
        assertEquals(folder.resolve("state/last-used.yaml"), tokens.lastUsedFile());
        assertEquals(Duration.ofMinutes(5), tokens.lastUsedFlush());
    }

    @Test
    void anUnknownTokensKeyIsNamed() throws IOException {
        Path config = config("tokens:\n  file: tokens.yaml\n  overlap: 1h\n");
        assertEquals("tokens.overlap", assertThrows(ConfigException.class, () -> BridgeConfigLoader.tokens(config)).key());
    }

    @Test
    void theCommandLineReadsTheTokensSectionWithoutTheBindPassword() throws IOException {
        Path config = config("tokens: tokens.yaml\n");
        assertThrows(ConfigException.class, () -> BridgeConfigLoader.load(config, Map.of()), "serve needs PW");
        assertEquals(Optional.of(folder.resolve("tokens.yaml")), BridgeConfigLoader.tokens(config).file());
    }

    @Test
    void theAdminListenerIsOffWithoutItsSectionAndOnLoopbackByDefault() throws IOException {
        assertEquals(Optional.empty(), BridgeConfigLoader.load(config("tokens: tokens.yaml\n"), Map.of("PW", "p")).admin());
        BridgeConfig.Admin admin = BridgeConfigLoader.load(config("tokens: tokens.yaml\nadmin:\n  port: 9443\n"
                + "  credentialSha256: \"" + HASH + "\"\n"), Map.of("PW", "p")).admin().orElseThrow();
        assertEquals("127.0.0.1", admin.host());
        assertEquals(9443, admin.port());
        assertArrayEquals(HexFormat.of().parseHex(HASH), admin.credentialSha256());
        assertEquals(Duration.ofMinutes(15), admin.sessionIdle());
    }

    @Test
    void anAdminSectionWithoutAValidCredentialHashIsRefused() throws IOException {
        Path config = config("tokens: tokens.yaml\nadmin:\n  credentialSha256: secret\n");
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigLoader.load(config, Map.of("PW", "p")));
        assertEquals("admin.credentialSha256", e.key());
        assertTrue(e.getMessage().contains("admin-secret"), e.getMessage());
    }

    @Test
    void tokensInTheDirectoryNeedNoFileAndArePolledEveryFiveSecondsByDefault() throws IOException {
        BridgeConfig.Tokens tokens = BridgeConfigLoader.tokens(
                config("tokens:\n  directoryBase: ou=scim-tokens,dc=example,dc=com\n"));
        assertEquals(Optional.empty(), tokens.file());
        assertEquals(new BridgeConfig.TokenDirectory("ou=scim-tokens,dc=example,dc=com", Duration.ofSeconds(5)),
                tokens.directory().orElseThrow());
        assertEquals(folder.resolve("tokens-last-used.yaml"), tokens.lastUsedFile());
    }

    @Test
    void aFileAndADirectoryBaseTogetherOrABadBaseAreRefused() throws IOException {
        Path both = config("tokens:\n  file: tokens.yaml\n  directoryBase: ou=t,dc=example,dc=com\n");
        assertEquals("tokens", assertThrows(ConfigException.class, () -> BridgeConfigLoader.tokens(both)).key());
        Path bad = config("tokens:\n  directoryBase: not a dn\n");
        assertEquals("tokens.directoryBase", assertThrows(ConfigException.class, () -> BridgeConfigLoader.tokens(bad)).key());
    }
}
