package org.scimbridge.bridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import com.unboundid.util.Debug;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The operational log (JUL, standard error) at the levels the bridge ships with, the bridge's own loggers at every level
 * and UnboundID's debugging switched on: a start, SCIM traffic carrying a token and passwords, rejected and failing
 * requests, then the log must hold none of the secrets and none of the audit records, which go to their own sink.
 */
class OperationalLogIT {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureAtShippedLevels() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = OperationalLogIT.class.getResourceAsStream("/logging.properties")) {
            shipped.load(in);
        }
        // Helidon and UnboundID as configured for production; the bridge's own code at every level.
        setLevel("io.helidon", Level.parse(shipped.getProperty("io.helidon.level")));
        setLevel("com.unboundid", Level.parse(shipped.getProperty("com.unboundid.level")));
        setLevel("org.scimbridge", Level.ALL);
        // UnboundID's debug messages show the new password of a password modify request, whatever the logger levels say;
        // an operator may switch them on with a system property, and serve must switch them off again.
        Debug.setEnabled(true);
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void restore() {
        Logger.getLogger("").removeHandler(capture);
        Debug.setEnabled(false);
        levels.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }

    @Test
    void noSecretAndNoAuditRecordReachesTheOperationalLog() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        Path folder = SlapdBridge.configure(Files.createTempDirectory("operational-log-it"), List.of(slapd.url()),
                slapd.adminDn(), slapd.adminPassword(), "", "poolSize: 2", "", Map.of());
        Path audit = folder.resolve("audit.log");
        ByteArrayOutputStream startup = new ByteArrayOutputStream();
        String password = "Pass-" + UUID.randomUUID();
        String newPassword = "Next-" + UUID.randomUUID();
        String wrongToken = "wrong-" + UUID.randomUUID();

        try (BridgeHarness bridge = SlapdBridge.harness(slapd, folder, new PrintStream(startup, true, StandardCharsets.UTF_8))) {
            Response created = bridge.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"log-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"name\":{\"givenName\":\"L\","
                    + "\"familyName\":\"Og\"},\"password\":\"" + password + "\"}");
            assertEquals(201, created.status(), created.body());
            String id = created.json().path("id").asText();
            String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                    + "\"replace\",\"path\":\"password\",\"value\":\"" + newPassword + "\"}]}";
            assertEquals(200, bridge.send("PATCH", "/Users/" + id, patch).status());
            assertEquals(401, bridge.send("GET", "/Users/" + id, null, null, "Bearer " + wrongToken).status());
            assertEquals(400, bridge.send("POST", "/Users", "{\"password\":\"" + password + "\"").status());
            assertEquals(400, bridge.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"bad-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"emails\":[{\"value\":"
                    + "\"n\u00f6t-ia5@example.com\"}],\"password\":\"" + password + "\"}").status());
            assertEquals(404, bridge.get("/Users/" + UUID.randomUUID()).status());
        }

        String log = String.join("", lines) + startup.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(slapd.adminPassword(), BridgeHarness.TOKEN, wrongToken, password, newPassword, "Bearer ")) {
            assertFalse(log.contains(secret), "the operational log holds a secret (" + secret + "):\n" + log);
        }
        assertFalse(log.contains("scim@32473"), "an audit record in the operational log:\n" + log);
        assertTrue(Files.readString(audit).contains("scim@32473"), "the audit records went to their own sink");
        assertTrue(startup.toString(StandardCharsets.UTF_8).contains("UnboundID debug logging"), "serve says it switched it off");
    }

    private void setLevel(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        levels.put(name, logger.getLevel());
        logger.setLevel(level);
    }
}
