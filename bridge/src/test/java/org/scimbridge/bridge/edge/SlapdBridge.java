package org.scimbridge.bridge.edge;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The folder with password, tokens and bridge.yaml; {@code server} and {@code limits} take extra keys. */
    public static Path configure(SlapdServer slapd, String bindDn, String bindPassword, String serverYaml, String limitsYaml)
            throws IOException {
        return configure(Files.createTempDirectory("edge-it"), List.of(slapd.url()), bindDn, bindPassword, serverYaml, "",
                limitsYaml, Map.of());
    }

    /**
     * The same files in {@code folder} (returned), for a bridge on {@code urls}. {@code directoryYaml} joins
     * {@code directory} ({@code poolSize: 4} unless it sets one). Each of {@code sections}, a top-level key and the YAML
     * below it, replaces the section of that name ({@code tokens: {file: tokens.yaml}}, {@code audit: {file: audit.log}},
     * {@code journal: {file: repairs.json}}) or is added ({@code admin}, ...).
     */
    public static Path configure(Path folder, List<String> urls, String bindDn, String bindPassword, String serverYaml,
                                 String directoryYaml, String limitsYaml, Map<String, String> sections) throws IOException {
        Files.writeString(folder.resolve("bind-password"), bindPassword + "\n");
        Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: it\n    sha256: " + hash(BridgeHarness.TOKEN)
                + "\n  - name: other\n    sha256: " + hash(OTHER_TOKEN) + "\n");
        Path mapping = Path.of(System.getProperty("config.dir"), "openldap.yaml").toAbsolutePath();
        StringBuilder yaml = new StringBuilder("""
                server:
                  host: 127.0.0.1
                  port: 0
                  %s
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  %s
                mapping: %s
                limits:
                  maxResults: 500
                  %s
                """.formatted(indent(serverYaml), String.join(", ", urls), bindDn, indent(directoryYaml.contains("poolSize")
                ? directoryYaml : "poolSize: 4\n" + directoryYaml), mapping, indent(limitsYaml.contains("maxPayloadBytes")
                ? limitsYaml : "maxPayloadBytes: " + BridgeHarness.MAX_PAYLOAD + "\n" + limitsYaml)));
        Map<String, String> rest = new TreeMap<>(Map.of("tokens", "file: tokens.yaml", "audit", "file: audit.log",
                "journal", "file: repairs.json"));
        rest.putAll(sections);
        rest.forEach((key, keys) -> yaml.append(key).append(":\n  ").append(indent(keys)).append('\n'));
        Files.writeString(folder.resolve("bridge.yaml"), yaml);
        return folder;
    }

    public static BridgeServer start(Path folder, Map<String, String> environment) {
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"), environment);
        return ServeCommand.start(config, "bridge.yaml");
    }

    /** A harness as the admin sees the directory, over a bridge started from {@code folder}. */
    public static BridgeHarness harness(SlapdServer slapd, Path folder) throws Exception {
        return harness(slapd, folder, System.err);
    }

    /** The same, with what start-up prints (warnings, the admin UI's address) going to {@code messages}. */
    public static BridgeHarness harness(SlapdServer slapd, Path folder, PrintStream messages) throws Exception {
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"), Map.of());
        return new BridgeHarness(ServeCommand.start(config, "bridge.yaml", messages), slapd.connect(), config.mapping());
    }

    private static String indent(String yaml) {
        return yaml.strip().replace("\n", "\n  ");
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(TokenStore.sha256(token));
    }
}
