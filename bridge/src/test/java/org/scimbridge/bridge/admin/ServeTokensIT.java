package org.scimbridge.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.auth.LastUsed;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.testing.SlapdServer;

/** {@code serve} with a tokens section and an admin section, on a real slapd: the wiring the appliance runs. */
class ServeTokensIT {

    private static final Pattern ADMIN_URL = Pattern.compile("token management UI on (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path folder;

    @Test
    void serveStartsTheAdminListenerAndRecordsLastUseOutsideTheTokenFile() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        SlapdBridge.configure(folder, List.of(slapd.url()), slapd.adminDn(), slapd.adminPassword(), "", "poolSize: 2", "",
                Map.of("tokens", """
                        file: tokens.yaml
                        lastUsedFile: state/last-used.yaml
                        lastUsedFlush: 1h
                        """, "admin", """
                        port: 0
                        credentialSha256: "%s"
                        """.formatted(HexFormat.of().formatHex(TokenStore.sha256(AdminUi.ADMIN_SECRET)))));
        Path tokens = folder.resolve("tokens.yaml");
        byte[] tokenFileBefore = Files.readAllBytes(tokens);
        Files.createDirectories(folder.resolve("state"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();

        try (BridgeHarness bridge = SlapdBridge.harness(slapd, folder, new PrintStream(messages, true, StandardCharsets.UTF_8))) {
            Matcher url = ADMIN_URL.matcher(messages.toString(StandardCharsets.UTF_8));
            assertTrue(url.find(), messages.toString(StandardCharsets.UTF_8));
            HttpResponse<String> login = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.group(1) + "login")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
            assertTrue(login.body().contains("Admin secret"));
            assertEquals(200, bridge.get("/Users?count=1").status());
        }

        assertTrue(LastUsed.read(folder.resolve("state/last-used.yaml")).containsKey("it"), "the last use is flushed at stop");
        assertEquals(new String(tokenFileBefore, StandardCharsets.UTF_8), Files.readString(tokens),
                "serve never writes the token file, so it never triggers its own reloads");
    }
}
