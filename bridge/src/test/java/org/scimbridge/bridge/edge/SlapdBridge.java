package org.scimbridge.bridge.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * A bridge on the shared slapd started as {@code scim-bridge serve} starts it: from a bridge YAML in a temp folder (bind
 * password file, token file with {@link BridgeHarness#TOKEN} as "it" and {@link #OTHER_TOKEN} as "other",
 * {@code config/openldap.yaml}), with extra YAML for the keys a test is about.
 */
public final class SlapdBridge {

    public static final String OTHER_TOKEN = "another-integration-test-token";

    private SlapdBridge() {
    }

    /** The folder with password, tokens and bridge.yaml; {@code server}, {@code directory}, {@code limits} take extra keys. */
    public static Path configure(SlapdServer slapd, String bindDn, String bindPassword, String serverYaml, String limitsYaml)
            throws IOException {
        Path folder = Files.createTempDirectory("edge-it");
        Files.writeString(folder.resolve("bind-password"), bindPassword + "\n");
        Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: it\n    sha256: " + hash(BridgeHarness.TOKEN)
                + "\n  - name: other\n    sha256: " + hash(OTHER_TOKEN) + "\n");
        Path mapping = Path.of(System.getProperty("config.dir"), "openldap.yaml").toAbsolutePath();
        Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                  %s
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  poolSize: 4
                mapping: %s
                tokens: tokens.yaml
                audit:
                  file: audit.log
                journal:
                  file: repairs.json
                limits:
                  maxResults: 500
                  %s
                """.formatted(indent(serverYaml), slapd.url(), bindDn, mapping, indent(limitsYaml.contains("maxPayloadBytes")
                ? limitsYaml : "maxPayloadBytes: " + BridgeHarness.MAX_PAYLOAD + "\n" + limitsYaml)));
        return folder;
    }

    public static BridgeServer start(Path folder, Map<String, String> environment) {
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"), environment);
        return ServeCommand.start(config, "bridge.yaml");
    }

    /** A harness as the admin sees the directory, over a bridge started from {@code folder}. */
    public static BridgeHarness harness(SlapdServer slapd, Path folder) throws Exception {
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"), Map.of());
        return new BridgeHarness(ServeCommand.start(config, "bridge.yaml"), slapd.connect(), config.mapping());
    }

    private static String indent(String yaml) {
        return yaml.strip().replace("\n", "\n  ");
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(TokenStore.sha256(token));
    }
}
