package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.audit.ChainVerifier;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.testing.RsyslogServer;
import org.scimbridge.bridge.testing.TestCertificate;

/**
 * The bridge's audit records end to end: a real rsyslogd receives them over UDP, TCP (octet counting) and TLS, and
 * writes what it received to files this test reads back, next to the bridge's own audit file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RsyslogAuditIT {

    @TempDir
    static Path folder;

    private RsyslogServer rsyslog;
    private AuditedBridge bridge;
    private Path localFile;

    @BeforeAll
    void start() throws Exception {
        TestCertificate certificate = TestCertificate.create(folder, "syslog.test", "ip:127.0.0.1,dns:localhost");
        rsyslog = RsyslogServer.start(certificate);
        localFile = folder.resolve("audit.log");
        AuditLog audit = AuditLog.open(new Audit(List.of(
                new Audit.FileSink(localFile),
                new Audit.UdpSink("127.0.0.1", rsyslog.udpPort(), 100),
                new Audit.TcpSink("127.0.0.1", rsyslog.tcpPort(), false, Optional.empty(), 100),
                new Audit.TcpSink("127.0.0.1", rsyslog.tlsPort(), true, Optional.of(certificate.certificate()), 100)),
                false, true));
        bridge = AuditedBridge.start(audit);
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void theRecordOfACreateReachesRsyslogAsTheBridgeWroteIt(String transport) throws Exception {
        BridgeHarness.Response created = bridge.http().send("POST", "/Users", AuditedBridge.user("ada-" + transport));
        assertEquals(201, created.status(), created.body());
        String requestId = created.header("X-Request-Id").orElseThrow();
        String received = rsyslog.awaitLine(file(transport), line -> line.contains("requestId=\"" + requestId + "\""));
        assertTrue(received.matches("<110>1 \\S+ \\S+ scim-bridge \\d+ POST-User \\[scim@32473 .*]"), received);
        assertTrue(received.contains(" token=\"audit-it\" client=\"127.0.0.1\" method=\"POST\" path=\"/scim/v2/Users\""
                + " type=\"User\" id=\"" + created.json().path("id").asText() + "\" dn=\"uid=ada-" + transport
                + ",ou=people,dc=example,dc=com\""), received);
        assertTrue(received.contains(" status=\"201\" ldapResult=\"success\" durationMs=\""), received);
        assertTrue(received.matches(".*attributes=\"[^\"]*\\buid\\b[^\"]*\".*"), "names of the written attributes: " + received);
        assertTrue(Files.readAllLines(localFile).contains(received), "rsyslog got exactly the record of the local file");
    }

    @Test
    void aRejectedTokenIsRecordedAsAuthFail() throws Exception {
        BridgeHarness.Response response = bridge.http().send("GET", "/Users", null, null, "Bearer not-a-token");
        assertEquals(401, response.status());
        String requestId = response.header("X-Request-Id").orElseThrow();
        String received = rsyslog.awaitLine(rsyslog.tcpFile(), line -> line.contains("requestId=\"" + requestId + "\""));
        assertTrue(received.startsWith("<108>1 "), "warning severity: " + received);
        assertTrue(received.contains(" AUTH-FAIL [scim@32473 "), received);
        assertTrue(received.contains(" token=\"-\" client=\"127.0.0.1\" method=\"GET\""), received);
        assertTrue(received.contains(" status=\"401\""), received);
        assertFalse(received.contains("not-a-token"), "the presented secret is never recorded: " + received);
    }

    @Test
    void aFailedRequestIsRecordedWithTheStatusTheClientGot() throws Exception {
        BridgeHarness.Response response = bridge.http().get("/Users/no-such-id");
        assertEquals(404, response.status());
        String requestId = response.header("X-Request-Id").orElseThrow();
        String received = rsyslog.awaitLine(rsyslog.tcpFile(), line -> line.contains("requestId=\"" + requestId + "\""));
        assertTrue(received.contains(" GET-User [scim@32473 "), received);
        assertTrue(received.contains(" id=\"no-such-id\""), received);
        assertTrue(received.contains(" status=\"404\""), received);
    }

    /** The directory's own refusal is named in the record: an auditor sees why, not only that, a write failed. */
    @Test
    void aDirectoryRefusalIsRecordedWithItsLdapResultCode() throws Exception {
        BridgeHarness.Response created = bridge.http().send("POST", "/Users", AuditedBridge.user("parent"));
        assertEquals(201, created.status(), created.body());
        bridge.http().admin().add("dn: ou=child,uid=parent,ou=people,dc=example,dc=com", "objectClass: organizationalUnit",
                "ou: child");
        BridgeHarness.Response refused = bridge.http().send("DELETE", "/Users/" + created.json().path("id").asText(), null);
        assertEquals(409, refused.status(), refused.body());
        String requestId = refused.header("X-Request-Id").orElseThrow();
        String received = rsyslog.awaitLine(rsyslog.tcpFile(), line -> line.contains("requestId=\"" + requestId + "\""));
        assertTrue(received.contains(" status=\"409\" ldapResult=\"66 (not allowed on non-leaf)\""), received);
    }

    @Test
    void passwordsAndTokensNeverReachTheRecords() throws Exception {
        String body = AuditedBridge.user("grace").replace("}}", "},\"password\":\"Very-S3cret-Passw0rd\"}");
        BridgeHarness.Response created = bridge.http().send("POST", "/Users", body);
        assertEquals(201, created.status(), created.body());
        String requestId = created.header("X-Request-Id").orElseThrow();
        rsyslog.awaitLine(rsyslog.tlsFile(), line -> line.contains("requestId=\"" + requestId + "\""));
        for (Path file : List.of(localFile, rsyslog.udpFile(), rsyslog.tcpFile(), rsyslog.tlsFile())) {
            String text = Files.readString(file);
            assertFalse(text.contains("Very-S3cret-Passw0rd"), file.toString());
            assertFalse(text.contains(BridgeHarness.TOKEN), file.toString());
        }
    }

    @Test
    void theCopyRsyslogKeepsIsAnIntactHashChain() throws Exception {
        String last = "";
        for (int i = 0; i < 3; i++) {
            last = bridge.http().get("/Users?count=1").header("X-Request-Id").orElseThrow();
        }
        String lastId = last;
        rsyslog.awaitLine(rsyslog.tcpFile(), line -> line.contains("requestId=\"" + lastId + "\""));
        ChainVerifier.Verdict verdict = ChainVerifier.verify(rsyslog.tcpFile());
        assertTrue(verdict.intact(), verdict.message());
    }

    private Path file(String transport) {
        return switch (transport) {
            case "udp" -> rsyslog.udpFile();
            case "tcp" -> rsyslog.tcpFile();
            default -> rsyslog.tlsFile();
        };
    }
}
