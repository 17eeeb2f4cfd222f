package org.scimbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir")).toAbsolutePath();

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutArgumentsItPrintsUsageAndFails() {
        assertEquals(2, run());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("serve --config FILE"));
    }

    @Test
    void anUnknownCommandFails() {
        assertEquals(2, run("serv"));
        assertTrue(errText().contains("unknown command 'serv'"), errText());
    }

    @Test
    void serveNeedsItsConfig() {
        assertEquals(2, run("serve"));
        assertTrue(errText().contains("option --config is required"), errText());
    }

    @Test
    void aConfigurationMistakeNamesFileAndKey() throws IOException {
        Path config = Files.writeString(folder.resolve("bridge.yaml"), "server:\n  portt: 1\n");
        assertEquals(2, run("serve", "--config", config.toString()));
        assertTrue(errText().contains(config + ": key 'server.portt': unknown key"), errText());
    }

    @Test
    void anUnreachableDirectoryStopsStartUpWithTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(folder.resolve("pw"), "secret");
        Path config = Files.writeString(folder.resolve("bridge.yaml"), """
                directory:
                  urls: [ldap://127.0.0.1:%d]
                  bindDn: cn=admin,dc=example,dc=com
                  bindPasswordFile: pw
                  connectTimeout: 2s
                mapping: %s
                tokens: %s
                """.formatted(closedPort, CONFIG_DIR.resolve("openldap.yaml"), CONFIG_DIR.resolve("tokens.yaml")));
        assertEquals(1, run("serve", "--config", config.toString()));
        assertTrue(errText().contains("cannot connect and bind to [ldap://127.0.0.1:" + closedPort + "]"), errText());
        assertFalse(errText().contains("secret"), "the bind password never appears: " + errText());
    }
}
