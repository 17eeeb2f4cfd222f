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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scimbridge.bridge.config.BridgeConfig.KeystoreTls;
import org.scimbridge.bridge.config.BridgeConfig.PemTls;
import org.scimbridge.bridge.config.BridgeConfig.Rates;
import org.scimbridge.mapping.config.ConfigException;

/** The {@code server.tls} and {@code limits} keys of the security work: HTTPS, request limits, rate limits. */
class SecurityConfigTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir"));

    @TempDir
    Path folder;

    @Test
    void withoutTlsTheListenerIsPlainHttp() throws IOException {
        assertTrue(load("", "", Map.of()).server().tls().isEmpty());
    }

    @Test
    void aPemCertificateAndKeyFileAreResolvedAgainstTheConfigFolder() throws IOException {
        Files.writeString(folder.resolve("cert.pem"), "c");
        Files.writeString(folder.resolve("key.pem"), "k");
        BridgeConfig config = load("  tls:\n    certificate: cert.pem\n    privateKey: key.pem\n", "", Map.of());
        assertEquals(new PemTls(folder.resolve("cert.pem"), folder.resolve("key.pem")), config.server().tls().orElseThrow());
    }

    @Test
    void thePemKeyMayBeASystemdCredential() throws IOException {
        Files.writeString(folder.resolve("cert.pem"), "c");
        Path credentials = Files.createDirectory(folder.resolve("creds"));
        Files.writeString(credentials.resolve("tls-key"), "k");
        BridgeConfig config = load("  tls:\n    certificate: cert.pem\n    privateKeyCredential: tls-key\n", "",
                Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));
        assertEquals(credentials.resolve("tls-key"), ((PemTls) config.server().tls().orElseThrow()).privateKey());
    }

    @Test
    void aKeystorePasswordComesFromTheEnvironmentAndNeverPrintsItself() throws IOException {
        Files.writeString(folder.resolve("bridge.p12"), "p");
        BridgeConfig config = load("  tls:\n    keystore: bridge.p12\n    keystorePasswordEnv: KS\n", "",
                Map.of("KS", "ks-secret"));
        KeystoreTls tls = (KeystoreTls) config.server().tls().orElseThrow();
        assertEquals("ks-secret", tls.password().value());
        assertFalse(config.toString().contains("ks-secret"), config.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "  tls:\\n    certificate: cert.pem\\n    keystore: bridge.p12\\n    keystorePasswordEnv: KS | server.tls | either",
            "  tls:\\n    certificate: cert.pem\\n | server.tls | privateKey",
            "  tls:\\n    certificate: cert.pem\\n    privateKey: key.pem\\n    privateKeyCredential: k"
                    + " | server.tls | exactly one",
            "  tls:\\n    certificate: missing.pem\\n    privateKey: key.pem | server.tls.certificate | does not exist",
            "  tls:\\n    keystore: bridge.p12 | server.tls | keystorePasswordFile",
            "  tls:\\n    keystore: bridge.p12\\n    keystorePassword: inline | server.tls.keystorePassword | unknown key",
            "  tls:\\n    certificate: cert.pem\\n    privateKeyCredential: k"
                    + " | server.tls.privateKeyCredential | CREDENTIALS_DIRECTORY",
    })
    void aBadTlsSectionNamesKeyAndReason(String tls, String key, String reason) throws IOException {
        Files.writeString(folder.resolve("cert.pem"), "c");
        Files.writeString(folder.resolve("key.pem"), "k");
        Files.writeString(folder.resolve("bridge.p12"), "p");
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("  " + tls.replace("\\n", "\n"), "", Map.of("KS", "x")));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void limitsDefaultToRateLimitsOn() throws IOException {
        BridgeConfig.Limits limits = load("", "", Map.of()).limits();
        assertEquals(1000, limits.maxPatchOperations());
        assertEquals(Rates.defaults(), limits.rates());
    }

    @Test
    void everyLimitCanBeSet() throws IOException {
        BridgeConfig.Limits limits = load("", "limits:\n  maxPatchOperations: 20\n  requestsPerSecond: 5\n  burst: 7\n"
                + "  authFailures: 3\n  authFailureWindow: 2m\n", Map.of()).limits();
        assertEquals(20, limits.maxPatchOperations());
        assertEquals(new Rates(5, 7, 3, Duration.ofMinutes(2)), limits.rates());
    }

    @Test
    void zeroSwitchesTheRateLimitsOff() throws IOException {
        Rates rates = load("", "limits:\n  requestsPerSecond: 0\n  authFailures: 0\n", Map.of()).limits().rates();
        assertEquals(0, rates.requestsPerSecond());
        assertEquals(0, rates.authFailures());
    }

    private BridgeConfig load(String serverExtra, String extra, Map<String, String> environment) throws IOException {
        Files.copy(CONFIG_DIR.resolve("openldap.yaml"), folder.resolve("openldap.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(CONFIG_DIR.resolve("tokens.yaml"), folder.resolve("tokens.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Path config = Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  port: 8443
                %sdirectory:
                  urls: [ldap://127.0.0.1:389]
                  bindDn: cn=scim-bridge,dc=example,dc=com
                  bindPasswordFile: pw
                mapping: openldap.yaml
                tokens: tokens.yaml
                %s""".formatted(serverExtra.endsWith("\n") || serverExtra.isEmpty() ? serverExtra : serverExtra + "\n", extra));
        Files.writeString(folder.resolve("pw"), "x");
        return BridgeConfigLoader.load(config, environment);
    }
}
