package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.Main;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.testing.SlapdServer;

/** {@code scim-bridge check} and the same check in {@code serve}, run as the command line runs them, against slapd. */
class CheckCommandIT {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir")).toAbsolutePath();
    private static SlapdServer slapd;

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        slapd = SlapdServer.shared();
        SlapdAccounts.ensureServiceAccount(slapd);
    }

    @Test
    void checkExitsZeroAndPrintsTheReportWhenTheMappingFits() throws Exception {
        assertEquals(0, run("check", "--config", bridgeYaml(Mappings.OPENLDAP, SlapdAccounts.SERVICE_DN,
                SlapdAccounts.SERVICE_PASSWORD).toString()), errText());
        String report = outText();
        assertTrue(report.contains("Checking " + Mappings.OPENLDAP + " against [" + slapd.url() + "] as "
                + SlapdAccounts.SERVICE_DN), report);
        assertTrue(report.contains("yes  virtual list view (VLV)  2.16.840.1.113730.3.4.9    paging by VLV"), report);
        assertTrue(report.endsWith("OK: 0 errors, 0 warnings\n"), report);
    }

    @Test
    void checkExitsOneNamingTheKeyWhenTheMappingDisagrees() throws Exception {
        Path mapping = Files.writeString(folder.resolve("mapping.yaml"), Mappings.openLdapText("title: title", "title: titel"));
        assertEquals(1, run("check", "--config", bridgeYaml(mapping, SlapdAccounts.SERVICE_DN,
                SlapdAccounts.SERVICE_PASSWORD).toString()));
        assertTrue(outText().contains("ERROR    users.attributes.title: LDAP attribute 'titel' does not exist in the directory"
                + " schema; did you mean 'title'?"), outText());
        assertTrue(outText().endsWith("FAILED: 1 error, 0 warnings: the mapping and the directory disagree\n"), outText());
    }

    @Test
    void checkExitsOneWithTheUrlAndResultCodeWhenTheBindFails() throws Exception {
        assertEquals(1, run("check", "--config", bridgeYaml(Mappings.OPENLDAP, SlapdAccounts.SERVICE_DN, "wrong").toString()));
        assertTrue(errText().contains("cannot connect and bind to [" + slapd.url() + "] as " + SlapdAccounts.SERVICE_DN
                + ": 49 (invalid credentials)"), errText());
        assertFalse(errText().contains("wrong"), "the bind password never appears: " + errText());
    }

    @Test
    void checkNeedsItsConfig() {
        assertEquals(2, run("check"));
        assertTrue(errText().contains("option --config is required"), errText());
    }

    @Test
    void serveRefusesToStartWhenTheMappingDisagrees() throws Exception {
        Path mapping = Files.writeString(folder.resolve("mapping.yaml"), Mappings.openLdapText("title: title", "title: titel"));
        assertEquals(1, run("serve", "--config", bridgeYaml(mapping, SlapdAccounts.SERVICE_DN,
                SlapdAccounts.SERVICE_PASSWORD).toString()));
        assertTrue(errText().contains("scim-bridge: the mapping " + mapping + " and the directory at [" + slapd.url()
                + "] disagree (1 error, 0 warnings; scim-bridge check prints the whole report):\n"
                + "  ERROR    users.attributes.title: LDAP attribute 'titel' does not exist"), errText());
        assertEquals("", outText(), "never listening");
    }

    @Test
    void serveStartsWithTheWarningsPrinted() throws Exception {
        Path config = bridgeYaml(Mappings.OPENLDAP, slapd.adminDn(), slapd.adminPassword());
        PrintStream messages = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (BridgeServer server = ServeCommand.start(BridgeConfigLoader.load(config), config.toString(), messages)) {
            assertTrue(server.port() > 0);
        }
        assertTrue(errText().startsWith("scim-bridge: WARNING  directory.bindDn: " + slapd.adminDn()), errText());
    }

    /** The command line as Main.main runs it, without System.exit. */
    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path bridgeYaml(Path mapping, String bindDn, String password) throws IOException {
        Files.writeString(folder.resolve("bind-password"), password + "\n");
        return Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  poolSize: 2
                mapping: %s
                tokens: %s
                """.formatted(slapd.url(), bindDn, mapping, CONFIG_DIR.resolve("tokens.yaml")));
    }

    private String outText() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
