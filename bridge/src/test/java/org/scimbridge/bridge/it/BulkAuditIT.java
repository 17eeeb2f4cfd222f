package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.audit.AuditLog;

/** A bulk request leaves its own audit record and one per operation, as the single requests would; never a value. */
class BulkAuditIT {

    @Test
    void everyOperationIsAuditedUnderTheBulkRequestIdAndNoValueIsRecorded() throws Exception {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        AuditLog audit = new AuditLog(List.of(records), Clock.systemUTC());
        try (AuditedBridge bridge = AuditedBridge.start(audit)) {
            BridgeHarness.Response response = bridge.http().send("POST", "/Bulk", """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                     {"method":"POST","path":"/Users","bulkId":"a",
                      "data":{"userName":"audited-bulk","password":"Secret-Bulk-Pw-1","title":"Value-Not-Audited"}},
                     {"method":"DELETE","path":"/Users/bulkId:a"},
                     {"method":"PATCH","path":"/Users/no-such-user",
                      "data":{"Operations":[{"op":"replace","path":"title","value":"x"}]}}]}
                    """);
            assertEquals(200, response.status(), response.body());
            String requestId = response.header("X-Request-Id").orElseThrow();
            Instant deadline = Instant.now().plusSeconds(30);
            while (!text(records).contains("POST-Bulk") && Instant.now().isBefore(deadline)) {
                Thread.sleep(20); // the bulk request's own record is written once its response is done
            }
            String text = text(records);
            assertTrue(line(text, "POST-Bulk").contains("requestId=\"" + requestId + "\""), text);
            String created = line(text, "requestId=\"" + requestId + "#1\"");
            assertTrue(created.contains("POST-User") && created.contains("status=\"201\"")
                    && created.contains("token=\"audit-it\""), created);
            assertTrue(created.contains("uid=audited-bulk,ou=people"), created);
            String deleted = line(text, "requestId=\"" + requestId + "#2\"");
            assertTrue(deleted.contains("DELETE-User") && deleted.contains("status=\"204\""), deleted);
            assertTrue(line(text, "requestId=\"" + requestId + "#3\"").contains("status=\"404\""), text);
            assertFalse(text.contains("Secret-Bulk-Pw-1") || text.contains("Value-Not-Audited"), text);
            assertEquals(Optional.empty(), bridge.http().userEntryByUid("audited-bulk"));
        }
    }

    private static String text(ByteArrayOutputStream records) {
        synchronized (records) {
            return records.toString(StandardCharsets.UTF_8);
        }
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no record with " + containing + " in\n" + text));
    }
}
