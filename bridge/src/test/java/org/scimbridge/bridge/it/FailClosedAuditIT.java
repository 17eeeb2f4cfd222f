package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.config.BridgeConfig.Audit;

/**
 * audit.failClosed: while a sink cannot take records, POST/PUT/PATCH/DELETE get 503 with Retry-After before anything is
 * written to the directory; reads keep working, and the refusal itself still reaches the sinks that work.
 */
class FailClosedAuditIT {

    @TempDir
    Path folder;

    @Test
    void aFullDiskRefusesCreatesAndLeavesTheDirectoryUnchanged() throws Exception {
        Path trace = folder.resolve("audit.log");
        // Tests run as root, where permissions stop nothing: /dev/full fails every write with ENOSPC.
        AuditLog audit = AuditLog.open(new Audit(List.of(new Audit.FileSink(Path.of("/dev/full")), new Audit.FileSink(trace)),
                true, false));
        try (AuditedBridge bridge = AuditedBridge.start(audit)) {
            assertEquals(200, bridge.http().get("/Users").status(), "reads are served, and their record meets the full disk");
            // The record is written when the response is done, which the client may see a moment earlier.
            await(() -> !audit.healthy(), "the failed write marks the sink unhealthy");
            int before = bridge.http().userCount();

            BridgeHarness.Response refused = bridge.http().send("POST", "/Users", AuditedBridge.user("refused"));

            assertEquals(503, refused.status(), refused.body());
            assertEquals("30", refused.header("Retry-After").orElseThrow());
            assertEquals("503", refused.json().path("status").asText());
            assertTrue(refused.json().path("schemas").toString().contains("urn:ietf:params:scim:api:messages:2.0:Error"));
            assertEquals(before, bridge.http().userCount(), "nothing was written to the directory");
            assertTrue(bridge.http().userEntryByUid("refused").isEmpty());
            assertEquals(200, bridge.http().get("/Users").status(), "reads keep working");
            String requestId = refused.header("X-Request-Id").orElseThrow();
            await(() -> lines(trace).stream().anyMatch(line -> line.contains("requestId=\"" + requestId + "\"")
                    && line.contains(" POST-User ") && line.contains(" status=\"503\"")),
                    "the refusal is audited where possible");
            assertTrue(audit.sinkFailures() >= 2, "every record /dev/full refused is counted: " + audit.sinkFailures());
        }
    }

    @Test
    void aSyslogReceiverDownPastItsBufferRefusesWritesUntilItIsBack() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        AuditLog audit = AuditLog.open(new Audit(List.of(new Audit.TcpSink("127.0.0.1", port, false, Optional.empty(), 1)),
                true, false));
        try (AuditedBridge bridge = AuditedBridge.start(audit)) {
            for (int i = 0; i < 50 && audit.healthy(); i++) {
                assertEquals(200, bridge.http().get("/Users").status());
                Thread.sleep(20);
            }
            assertFalse(audit.healthy(), "one queued record plus the one being retried fill a buffer of one");
            BridgeHarness.Response refused = bridge.http().send("DELETE", "/Users/anything", null);
            assertEquals(503, refused.status(), refused.body());

            try (ServerSocket receiver = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                Thread reader = Thread.ofPlatform().daemon().start(() -> drain(receiver));
                await(audit::healthy, "the sink reconnected and sent its buffer");
                BridgeHarness.Response created = bridge.http().send("POST", "/Users", AuditedBridge.user("after-outage"));
                assertEquals(201, created.status(), created.body());
                reader.interrupt();
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads octet-counted frames until the connection ends. */
    private static void drain(ServerSocket receiver) {
        try (Socket connection = receiver.accept(); DataInputStream in = new DataInputStream(connection.getInputStream())) {
            while (true) {
                int length = 0;
                for (int c = in.read(); c != ' '; c = in.read()) {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                in.readNBytes(length);
            }
        } catch (IOException e) {
            // The test is over and closed the socket.
        }
    }
}
