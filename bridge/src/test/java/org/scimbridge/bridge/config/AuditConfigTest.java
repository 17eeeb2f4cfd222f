package org.scimbridge.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.mapping.config.ConfigException;

/** The {@code audit} section of the bridge config: sinks, fail-closed, hash chain. */
class AuditConfigTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir"));

    @TempDir
    Path folder;

    private Audit load(String audit) throws IOException {
        Files.copy(CONFIG_DIR.resolve("openldap.yaml"), folder.resolve("openldap.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(CONFIG_DIR.resolve("tokens.yaml"), folder.resolve("tokens.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Path config = Files.writeString(folder.resolve("bridge.yaml"), """
                directory:
                  urls: [ldap://127.0.0.1:389]
                  bindDn: cn=admin,dc=example,dc=com
                  bindPasswordEnv: PW
                mapping: openldap.yaml
                tokens: tokens.yaml
                """ + audit);
        return BridgeConfigLoader.load(config, Map.of("PW", "x")).audit();
    }

    @Test
    void withoutAnAuditSectionNothingIsWrittenAndNothingRefused() throws IOException {
        assertEquals(new Audit(List.of(), false, false), load(""));
    }

    @Test
    void theShorthandKeysStillWork() throws IOException {
        Audit audit = load("audit:\n  file: logs/audit.log\n  stdout: true\n");
        assertEquals(List.of(new Audit.FileSink(folder.resolve("logs/audit.log")), new Audit.StdoutSink()), audit.sinks());
    }

    @Test
    void everyKindOfSinkAtOnce() throws IOException {
        Files.writeString(folder.resolve("ca.pem"), "placeholder");
        Audit audit = load("""
                audit:
                  failClosed: true
                  hashChain: true
                  sinks:
                    - type: file
                      path: audit.log
                    - type: stdout
                    - type: udp
                      host: 127.0.0.1
                    - type: tcp
                      host: logs.example.com
                      port: 1514
                      queueSize: 50
                    - type: tcp
                      host: logs.example.com
                      tls: true
                      caFile: ca.pem
                """);
        assertTrue(audit.failClosed());
        assertTrue(audit.hashChain());
        assertEquals(List.of(new Audit.FileSink(folder.resolve("audit.log")), new Audit.StdoutSink(),
                new Audit.UdpSink("127.0.0.1", 514, 10_000),
                new Audit.TcpSink("logs.example.com", 1514, false, Optional.empty(), 50),
                new Audit.TcpSink("logs.example.com", 6514, true, Optional.of(folder.resolve("ca.pem")), 10_000)), audit.sinks());
    }

    @Test
    void theShippedExampleWritesAChainedFile() {
        Audit audit = BridgeConfigLoader.load(CONFIG_DIR.resolve("bridge.yaml"), Map.of("SCIM_BRIDGE_BIND_PASSWORD", "x"))
                .audit();
        assertEquals(List.of(new Audit.FileSink(Path.of("/var/log/scim-bridge/audit.log"))), audit.sinks());
        assertTrue(audit.hashChain());
        assertFalse(audit.failClosed());
    }

    @Test
    void failClosedDefaultsToOff() throws IOException {
        assertFalse(load("audit:\n  stdout: true\n").failClosed());
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "'    - type: kafka'|audit.sinks.0.type|must be file, stdout, udp or tcp",
        "'    - type: udp'|audit.sinks.0.host|is required",
        "'    - type: file\\n      path: a.log\\n      tls: true'|audit.sinks.0.tls|unknown key",
        "'    - type: tcp\\n      host: h\\n      caFile: ca.pem'|audit.sinks.0.caFile|applies to tls: true only",
        "'    - type: tcp\\n      host: h\\n      tls: true\\n      caFile: missing.pem'|audit.sinks.0.caFile|does not exist",
        "'    - type: udp\\n      host: h\\n      port: 70000'|audit.sinks.0.port|between 1 and 65535",
        "'    - type: udp\\n      host: h\\n      queueSize: 0'|audit.sinks.0.queueSize|between 1 and",
    })
    void aBadSinkIsNamedByItsKey(String sink, String key, String reason) {
        String yaml = "audit:\n  sinks:\n" + sink.replace("\\n", "\n") + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void sinksMustBeAList() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("audit:\n  sinks: stdout\n"));
        assertTrue(e.getMessage().contains("must be a list of sinks"), e.getMessage());
    }
}
