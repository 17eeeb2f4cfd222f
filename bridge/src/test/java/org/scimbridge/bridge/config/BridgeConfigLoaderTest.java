package org.scimbridge.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.config.ConfigException;

class BridgeConfigLoaderTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir"));

    @TempDir
    Path folder;

    @Test
    void theShippedExampleLoads() {
        BridgeConfig config = BridgeConfigLoader.load(CONFIG_DIR.resolve("bridge.yaml"), Map.of("SCIM_BRIDGE_BIND_PASSWORD", "s3cret"));
        assertEquals("127.0.0.1", config.server().host());
        assertEquals(8080, config.server().port());
        assertEquals("s3cret", config.directory().bindPassword().value());
        assertEquals(Duration.ofSeconds(30), config.directory().responseTimeout());
        assertEquals(Duration.ofSeconds(10), config.server().shutdownGrace());
        assertEquals("ou=people,dc=example,dc=com", config.mapping().users().base().toString());
        assertEquals(CONFIG_DIR.resolve("tokens.yaml").toAbsolutePath().normalize(), config.tokenFile().toAbsolutePath().normalize());
    }

    @Test
    void theBindPasswordNeverPrintsItself() {
        BridgeConfig config = BridgeConfigLoader.load(CONFIG_DIR.resolve("bridge.yaml"), Map.of("SCIM_BRIDGE_BIND_PASSWORD", "s3cret"));
        assertFalse(config.toString().contains("s3cret"), config.toString());
    }

    @Test
    void readsThePasswordFromAFileRelativeToTheConfig() throws IOException {
        Files.writeString(folder.resolve("pw"), "from-file\n");
        Path config = write(base().replace("bindPasswordEnv: PW", "bindPasswordFile: pw"));
        assertEquals("from-file", BridgeConfigLoader.load(config, Map.of()).directory().bindPassword().value());
    }

    @Test
    void readsThePasswordFromASystemdCredential() throws IOException {
        Path credentials = Files.createDirectory(folder.resolve("creds"));
        Files.writeString(credentials.resolve("bind"), "from-credential");
        Path config = write(base().replace("bindPasswordEnv: PW", "bindPasswordCredential: bind"));
        assertEquals("from-credential", BridgeConfigLoader.load(config, Map.of("CREDENTIALS_DIRECTORY", credentials.toString()))
                .directory().bindPassword().value());
    }

    @Test
    void sortedCursorsAreOptIn() throws IOException {
        assertFalse(BridgeConfigLoader.load(write(base()), Map.of("PW", "x")).paging().sortedCursors());
        assertTrue(BridgeConfigLoader.load(write(base() + "paging:\n  sortedCursors: true\n"), Map.of("PW", "x"))
                .paging().sortedCursors());
    }

    /** Cursors come on top of the pool: a quarter of it unless configured, and only with sorted cursors on. */
    @Test
    void maxCursorsDefaultsToAQuarterOfThePoolAndCountsOnlyWithSortedCursors() throws IOException {
        BridgeConfig defaults = BridgeConfigLoader.load(write(base()), Map.of("PW", "x"));
        assertEquals(defaults.directory().poolSize() / 4, defaults.paging().maxCursors());
        assertEquals(0, defaults.paging().cursorConnections());
        BridgeConfig configured = BridgeConfigLoader.load(write(base() + "paging:\n  sortedCursors: true\n  maxCursors: 16\n"),
                Map.of("PW", "x"));
        assertEquals(16, configured.paging().maxCursors());
        assertEquals(16, configured.paging().cursorConnections());
    }

    /** Each row edits the valid base config once: text to find, its replacement, the key and reason expected. */
    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("server:", "servr:", "servr", "unknown key"),
                Arguments.of("  port: 8080", "  prot: 1", "server.prot", "unknown key"),
                Arguments.of("  port: 8080", "  port: eighty", "server.port", "whole number"),
                Arguments.of("  port: 8080", "  port: 70000", "server.port", "between"),
                Arguments.of("  port: 8080", "  port: 8080\n  shutdownGrace: forever", "server.shutdownGrace", "duration"),
                Arguments.of("[ldap://127.0.0.1:389]", "[http://x]", "directory.urls", "ldap://"),
                Arguments.of("  bindDn: cn=admin,dc=example,dc=com\n", "", "directory.bindDn", "required"),
                Arguments.of("  bindPasswordEnv: PW", "  bindPasswordEnv: PW\n  bindPasswordFile: pw", "directory", "exactly one"),
                Arguments.of("  bindPasswordEnv: PW", "  bindPasswordEnv: PW\n  connectTimeout: soon", "directory.connectTimeout",
                        "duration"),
                Arguments.of("tokens:", "audit:\n  stdout: maybe\ntokens:", "audit.stdout", "true or false"),
                Arguments.of("tokens:", "limits:\n  maxResults: 0\ntokens:", "limits.maxResults", "between"),
                Arguments.of("tokens:", "limits:\n  bulkMaxOperations: 0\ntokens:", "limits.bulkMaxOperations", "between"),
                Arguments.of("mapping: openldap.yaml", "mapping: missing.yaml", "mapping", "does not exist"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadKeyStopsStartUpNamingFileKeyAndReason(String find, String replacement, String key, String reason) throws IOException {
        assertTrue(base().contains(find), "the row edits the base config: " + find);
        Path config = write(base().replace(find, replacement));
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigLoader.load(config, Map.of("PW", "x")));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith(config.toString()), e.getMessage());
    }

    @Test
    void anUnsetPasswordVariableIsNamed() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigLoader.load(write(base()), Map.of()));
        assertEquals("directory.bindPasswordEnv", e.key());
        assertTrue(e.getMessage().contains("PW"));
    }

    @Test
    void aMissingFileIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigLoader.load(folder.resolve("none.yaml"), Map.of()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aMappingErrorNamesTheMappingFile() throws IOException {
        Files.writeString(folder.resolve("bad-mapping.yaml"), "users:\n  base: ou=people,dc=x\n  objectClasses: [inetOrgPerson]\n"
                + "  rdn: uid\n  attributes:\n    userName: uid\n    shoeSize: x\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> BridgeConfigLoader.load(write(base().replace("mapping: openldap.yaml", "mapping: bad-mapping.yaml")),
                        Map.of("PW", "x")));
        assertTrue(e.file().endsWith("bad-mapping.yaml"), e.getMessage());
        assertEquals("users.attributes.shoeSize", e.key());
    }

    @Test
    void bulkLimitsDefaultToTheRfcExampleValuesAndCanBeSet() throws IOException {
        BridgeConfig defaults = BridgeConfigLoader.load(write(base()), Map.of("PW", "x"));
        assertEquals(List.of(1000, 1_048_576L),
                List.of(defaults.limits().bulkMaxOperations(), defaults.limits().bulkMaxPayloadBytes()));
        BridgeConfig set = BridgeConfigLoader.load(write(base().replace("tokens:", "limits:\n  bulkMaxOperations: 50\n"
                + "  bulkMaxPayloadBytes: 4096\ntokens:")), Map.of("PW", "x"));
        assertEquals(List.of(50, 4096L), List.of(set.limits().bulkMaxOperations(), set.limits().bulkMaxPayloadBytes()));
    }

    @Test
    void theRepairJournalLivesBesideTheGuardsStateUnlessConfigured() throws IOException {
        BridgeConfig defaults = BridgeConfigLoader.load(write(base()), Map.of("PW", "x"));
        assertEquals(Path.of("/var/lib/scim-bridge/repairs.json"), defaults.journal().file());
        assertEquals(Duration.ofSeconds(30), defaults.journal().retryMax());

        BridgeConfig besideGuards = BridgeConfigLoader.load(write(base() + "guards: { stateFile: state/guards.json }\n"),
                Map.of("PW", "x"));
        assertEquals(folder.resolve("state/repairs.json"), besideGuards.journal().file());

        BridgeConfig configured = BridgeConfigLoader.load(write(base() + "journal: { file: j/repairs.json, retryMax: 5s }\n"),
                Map.of("PW", "x"));
        assertEquals(folder.resolve("j/repairs.json"), configured.journal().file());
        assertEquals(Duration.ofSeconds(5), configured.journal().retryMax());
    }

    @Test
    void anUnknownJournalKeyIsAnError() throws IOException {
        Path config = write(base() + "journal: { path: repairs.json }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> BridgeConfigLoader.load(config, Map.of("PW", "x")));
        assertTrue(e.getMessage().contains("journal.path"), e.getMessage());
    }

    private String base() {
        return """
                server:
                  port: 8080
                directory:
                  urls: [ldap://127.0.0.1:389]
                  bindDn: cn=admin,dc=example,dc=com
                  bindPasswordEnv: PW
                mapping: openldap.yaml
                tokens: tokens.yaml
                """;
    }

    /** Writes the bridge config beside copies of the shipped mapping and token files, which it names relatively. */
    private Path write(String yaml) throws IOException {
        Files.copy(CONFIG_DIR.resolve("openldap.yaml"), folder.resolve("openldap.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(CONFIG_DIR.resolve("tokens.yaml"), folder.resolve("tokens.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return Files.writeString(folder.resolve("bridge.yaml"), yaml);
    }
}
