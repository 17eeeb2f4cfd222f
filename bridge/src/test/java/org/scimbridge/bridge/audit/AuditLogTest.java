package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.config.BridgeConfig.Audit;

class AuditLogTest {

    /** RFC 5424 section 6: PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<\\d{1,3}>1 \\S+ \\S+ scim-bridge \\d+ \\S+ \\[scim@32473( [a-zA-Z]+=\"(\\\\.|[^\"\\\\])*\")+]\n");

    @Test
    void oneRecordPerRequestInRfc5424Form() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AuditLog log = new AuditLog(List.of(sink), Clock.fixed(Instant.parse("2026-11-30T01:02:03.456Z"), ZoneOffset.UTC));
        AuditEvent event = new AuditEvent("req-1", "127.0.0.1", "POST", "/scim/v2/Users");
        event.tokenName("okta");
        event.resource("User", "42");
        event.dn("uid=a\"b],ou=people,dc=example,dc=com");
        event.changedAttributes(List.of("uid", "mail"));
        event.ldapResult("success");
        log.record(event, 201, 12);
        String line = sink.toString(StandardCharsets.UTF_8);
        assertTrue(RFC5424.matcher(line).matches(), line);
        assertTrue(line.startsWith("<110>1 2026-11-30T01:02:03.456Z "), line);
        assertTrue(line.contains(" POST-User [scim@32473 requestId=\"req-1\" token=\"okta\""), line);
        assertTrue(line.contains("dn=\"uid=a\\\"b\\],ou=people"), "quotes and brackets are escaped (RFC 5424 6.3.3): " + line);
        assertTrue(line.contains("attributes=\"uid,mail\" status=\"201\""), line);
    }

    @Test
    void failuresAreLoggedAtWarningSeverity() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        new AuditLog(List.of(sink), Clock.systemUTC()).record(new AuditEvent("r", "c", "GET", "/scim/v2/Users"), 401, 1);
        assertEquals("<108>1", sink.toString(StandardCharsets.UTF_8).substring(0, 6), "facility 13, severity 4");
    }

    @Test
    void aRejectedTokenIsAnAuthFailOperation() {
        AuditEvent event = new AuditEvent("r", "c", "DELETE", "/scim/v2/Groups/7");
        event.rejectAuthentication();
        assertEquals("AUTH-FAIL", event.operation());
    }

    @Test
    void theOperationNamesTheResourceTypeOfThePathBeforeAHandlerRuns() {
        assertEquals("PATCH-Group", new AuditEvent("r", "c", "PATCH", "/scim/v2/Groups/7").operation());
        assertEquals("GET-ServiceProviderConfig", new AuditEvent("r", "c", "GET", "/scim/v2/ServiceProviderConfig").operation());
        assertEquals("GET", new AuditEvent("r", "c", "GET", "/scim/v2/Nothing").operation());
    }

    @Test
    void everySinkGetsTheSameRecord() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        new AuditLog(List.of(first, second), Clock.systemUTC()).record(new AuditEvent("r", "c", "GET", "/scim/v2/Users"), 200, 1);
        assertFalse(first.toString(StandardCharsets.UTF_8).isEmpty());
        assertEquals(first.toString(StandardCharsets.UTF_8), second.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSinkThatCannotWriteIsCountedAndMakesAFailClosedLogRefuseWrites() throws IOException {
        try (AuditLog log = AuditLog.open(new Audit(List.of(new Audit.FileSink(Path.of("/dev/full"))), true, false))) {
            assertFalse(log.refusesWrites());
            log.record(new AuditEvent("r", "c", "GET", "/scim/v2/Users"), 200, 1);
            assertEquals(1, log.sinkFailures());
            assertTrue(log.refusesWrites());
        }
    }

    @Test
    void aFailOpenLogNeverRefusesWrites() throws IOException {
        try (AuditLog log = AuditLog.open(new Audit(List.of(new Audit.FileSink(Path.of("/dev/full"))), false, false))) {
            log.record(new AuditEvent("r", "c", "GET", "/scim/v2/Users"), 200, 1);
            assertEquals(1, log.sinkFailures());
            assertFalse(log.refusesWrites());
        }
    }

    @Test
    void aTlsSinkWithAnUnreadableCaFileFailsToOpen() {
        Audit config = new Audit(List.of(new Audit.TcpSink("127.0.0.1", 6514, true, Optional.of(Path.of("/dev/null")), 10)),
                false, false);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AuditLog.open(config));
        assertTrue(e.getMessage().contains("/dev/null"), e.getMessage());
    }
}
