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
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.Directory.Tls;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.ldap.DirectoryTls;
import org.scimbridge.bridge.ldap.LdapPools;
import org.scimbridge.mapping.config.ConfigException;

/** The {@code directory} section: failover, timeouts, Retry-After and TLS keys, and what they refuse. */
class DirectoryConfigTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir"));
    private static final String URLS = "[ldap://a.example:389, ldap://b.example:389]";

    @TempDir
    Path folder;

    @Test
    void theDefaultsAreFailoverPlainLdapAndFiveSecondsRetryAfter() throws IOException {
        Directory directory = load("");
        assertEquals(Directory.Balancing.FAILOVER, directory.balancing());
        assertEquals(Tls.NONE, directory.tls());
        assertFalse(directory.tls().encrypted());
        assertEquals(Duration.ofSeconds(5), directory.retryAfter());
        assertEquals(Duration.ofSeconds(30), directory.healthCheckInterval());
        assertEquals(List.of("ldap://a.example:389", "ldap://b.example:389"), directory.urls());
    }

    @Test
    void startTlsWithAPemTrustStoreIsEncryptedAndStrict() throws IOException {
        Files.writeString(folder.resolve("ca.pem"), "not read before the pool is built");
        Directory directory = load("  startTls: true\n  trustStore: ca.pem\n  balancing: roundRobin\n  retryAfter: 12s\n");
        assertEquals(Tls.Mode.START_TLS, directory.tls().mode());
        assertTrue(directory.tls().encrypted(), "AD accepts passwords over StartTLS too");
        assertEquals(Optional.of(folder.resolve("ca.pem")), directory.tls().trustStore());
        assertFalse(directory.tls().insecureSkipVerify());
        assertEquals(Directory.Balancing.ROUND_ROBIN, directory.balancing());
        assertEquals(Duration.ofSeconds(12), directory.retryAfter());
    }

    @Test
    void ldapsUrlsAreEncryptedWithTheJvmTrustStoreByDefault() throws IOException {
        Directory directory = load("", "[ldaps://a.example, ldaps://b.example:1636]");
        assertEquals(Tls.Mode.LDAPS, directory.tls().mode());
        assertEquals(Optional.empty(), directory.tls().trustStore());
    }

    @Test
    void theTrustStorePasswordComesFromAnEnvironmentVariableAndNeverPrintsItself() throws IOException {
        Files.writeString(folder.resolve("trust.p12"), "x");
        Directory directory = load("  startTls: true\n  trustStore: trust.p12\n  trustStorePasswordEnv: TRUST\n");
        assertEquals(Optional.of(new Secret("trust-secret")), directory.tls().trustStorePassword());
        assertFalse(directory.toString().contains("trust-secret"), directory.toString());
    }

    @Test
    void insecureSkipVerifyIsAllowedOnlyExplicitlyAndWarns() throws IOException {
        Directory directory = load("  startTls: true\n  insecureSkipVerify: true\n");
        assertTrue(directory.tls().insecureSkipVerify());
        assertTrue(DirectoryTls.warning(directory.tls()).orElseThrow().startsWith("WARNING: directory.insecureSkipVerify"));
        assertEquals(Optional.empty(), DirectoryTls.warning(load("  startTls: true\n").tls()));
    }

    /** Each row adds directory keys (or changes the URLs): the key and the reason the load must name. */
    static Stream<Arguments> badDirectories() {
        return Stream.of(
                Arguments.of("", "[ldap://a.example, ldaps://b.example]", "directory.urls", "mixes ldap:// and ldaps://"),
                Arguments.of("  startTls: true\n", "[ldaps://a.example]", "directory.startTls", "ldap:// URLs"),
                Arguments.of("  trustStore: ca.pem\n", null, "directory.trustStore", "ldaps:// URLs or startTls: true only"),
                Arguments.of("  insecureSkipVerify: true\n", null, "directory.insecureSkipVerify", "startTls: true only"),
                Arguments.of("  startTls: true\n  trustStore: missing.pem\n", null, "directory.trustStore", "does not exist"),
                Arguments.of("  startTls: true\n  trustStore: ca.pem\n  insecureSkipVerify: true\n", null,
                        "directory.insecureSkipVerify", "contradicts directory.trustStore"),
                Arguments.of("  startTls: true\n  trustStorePasswordEnv: TRUST\n", null, "directory",
                        "needs directory.trustStore"),
                Arguments.of("  startTls: sometimes\n", null, "directory.startTls", "true or false"),
                Arguments.of("  balancing: random\n", null, "directory.balancing", "failover, roundRobin or fewestConnections"),
                Arguments.of("  retryAfter: 500ms\n", null, "directory.retryAfter", "whole seconds"),
                Arguments.of("  responseTimeout: 0s\n", null, "directory.responseTimeout", "more than 0"),
                Arguments.of("  healthCheckInterval: often\n", null, "directory.healthCheckInterval", "duration"),
                Arguments.of("  trustStorePath: ca.pem\n", null, "directory.trustStorePath", "unknown key"));
    }

    @ParameterizedTest
    @MethodSource("badDirectories")
    void aBadDirectorySettingStopsStartUpNamingKeyAndReason(String keys, String urls, String key, String reason)
            throws IOException {
        Files.writeString(folder.resolve("ca.pem"), "x");
        ConfigException e = assertThrows(ConfigException.class, () -> load(keys, urls == null ? URLS : urls));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aTrustStoreThatIsNeitherPemNorAKeyStoreIsAConfigErrorWhenThePoolIsBuilt() throws IOException {
        Files.writeString(folder.resolve("ca.pem"), "this is not a certificate");
        Directory directory = load("  startTls: true\n  trustStore: ca.pem\n");
        ConfigException e = assertThrows(ConfigException.class, () -> LdapPools.create(directory, "bridge.yaml"));
        assertEquals("directory.trustStore", e.key());
        assertTrue(e.getMessage().contains("PEM bundle or a PKCS#12/JKS key store"), e.getMessage());
    }

    @Test
    void aUrlWithoutAHostIsAConfigErrorWhenThePoolIsBuilt() throws IOException {
        Directory directory = load("", "[ldap:///]");
        ConfigException e = assertThrows(ConfigException.class, () -> LdapPools.create(directory, "bridge.yaml"));
        assertEquals("directory.urls", e.key());
        assertTrue(e.getMessage().contains("names no host"), e.getMessage());
    }

    private Directory load(String keys) throws IOException {
        return load(keys, URLS);
    }

    private Directory load(String keys, String urls) throws IOException {
        Files.copy(CONFIG_DIR.resolve("openldap.yaml"), folder.resolve("openldap.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(CONFIG_DIR.resolve("tokens.yaml"), folder.resolve("tokens.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Path config = Files.writeString(folder.resolve("bridge.yaml"), """
                directory:
                  urls: %s
                  bindDn: cn=admin,dc=example,dc=com
                  bindPasswordEnv: PW
                %s
                mapping: openldap.yaml
                tokens: tokens.yaml
                """.formatted(urls, keys.stripTrailing()));
        return BridgeConfigLoader.load(config, Map.of("PW", "bind-secret", "TRUST", "trust-secret")).directory();
    }
}
