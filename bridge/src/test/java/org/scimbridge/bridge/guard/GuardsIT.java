package org.scimbridge.bridge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.Main;
import org.scimbridge.bridge.config.BridgeConfig.Cap;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.config.BridgeConfig.Protection;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.Eventually;

/** Blast-radius guards on a running bridge: what a cap refuses, what it counts, and how it opens again. */
class GuardsIT {

    private static final String DEACTIVATE = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";
    private static final String EMPTY_MEMBERS = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]}";

    @TempDir
    Path folder;

    private Safety caps(GuardKind kind, int max, Duration window, Cap.Reset reset) {
        return new Safety(Map.of(kind, new Cap(max, window, reset)), folder.resolve("state/guards.json"),
                new Protection(List.of(), List.of(), List.of()), false);
    }

    @Test
    void aDeleteBeyondTheCapIsRefusedWithNothingDeletedAnAuditRecordAndAMetric() throws Exception {
        Safety deletes = caps(GuardKind.DELETES, 2, Duration.ofMinutes(10), Cap.Reset.MANUAL);
        try (GuardedBridge bridge = GuardedBridge.start(deletes, folder)) {
            String a = bridge.user("del-a");
            String b = bridge.user("del-b");
            String c = bridge.user("del-c");
            assertEquals(204, bridge.http().send("DELETE", "/Users/" + a, null).status());
            assertEquals(204, bridge.http().send("DELETE", "/Users/" + b, null).status());

            Response refused = bridge.http().send("DELETE", "/Users/" + c, null);

            assertEquals(403, refused.status(), refused.body());
            assertTrue(refused.json().path("detail").asText().contains("scim-bridge guard reset deletes"), refused.body());
            assertTrue(bridge.entry(c).isPresent(), "the refused delete left the user in the directory");
            Eventually.await(() -> bridge.auditRecords().stream().anyMatch(r -> r.contains("DELETE-User")
                    && r.contains("id=\"" + c + "\"") && r.contains("status=\"403\"") && r.contains("ldapResult=\"guard:deletes\"")),
                    () -> bridge.auditRecords().toString());
            assertEquals(1.0, bridge.metric("scim_bridge_guard_refusals_total", "deletes"));
            assertEquals(2.0, bridge.metric("scim_bridge_guard_window_count", "deletes"));
        }
    }

    @Test
    void guardResetOnTheCommandLineReopensARunningBridgeAtOnce() throws Exception {
        Path config = folder.resolve("bridge.yaml");
        Files.writeString(config, """
                guards:
                  stateFile: state/guards.json
                  deletes:
                    max: 1
                    window: 10m
                    reset: manual
                """);
        Safety deletes = caps(GuardKind.DELETES, 1, Duration.ofMinutes(10), Cap.Reset.MANUAL);
        try (GuardedBridge bridge = GuardedBridge.start(deletes, folder)) {
            String a = bridge.user("reset-a");
            String b = bridge.user("reset-b");
            assertEquals(204, bridge.http().send("DELETE", "/Users/" + a, null).status());
            assertEquals(403, bridge.http().send("DELETE", "/Users/" + b, null).status());
            assertTrue(run("guard", "status", "--config", config.toString()).contains("deletes: 1 of 1 per 10m, reset manual,"
                    + " REFUSING until reset"));

            run("guard", "reset", "--config", config.toString(), "deletes");

            assertEquals(204, bridge.http().send("DELETE", "/Users/" + b, null).status());
            assertTrue(bridge.entry(b).isEmpty());
        }
    }

    @Test
    void aWindowGuardOpensAgainOnceEarlierChangesLeaveTheWindow() throws Exception {
        try (GuardedBridge bridge = GuardedBridge.start(caps(GuardKind.DEACTIVATIONS, 1, Duration.ofSeconds(2), Cap.Reset.WINDOW),
                folder)) {
            String a = bridge.user("window-a");
            String b = bridge.user("window-b");
            assertEquals(200, bridge.http().send("PATCH", "/Users/" + a, DEACTIVATE).status());
            assertEquals(403, bridge.http().send("PATCH", "/Users/" + b, DEACTIVATE).status());
            assertTrue(bridge.entry(b).orElseThrow().getAttribute("pwdAccountLockedTime") == null, "refused: b stays active");

            // Bounded poll: the 2 s window passes on any machine well within 30 s; no assertion on when exactly.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status;
            do {
                Thread.sleep(200);
                status = bridge.http().send("PATCH", "/Users/" + b, DEACTIVATE).status();
            } while (status == 403 && System.nanoTime() < deadline);

            assertEquals(200, status);
            assertTrue(bridge.entry(b).orElseThrow().getAttribute("pwdAccountLockedTime") != null);
        }
    }

    @Test
    void deactivationByPutCountsLikeByPatch() throws Exception {
        Safety deactivations = caps(GuardKind.DEACTIVATIONS, 1, Duration.ofMinutes(10), Cap.Reset.MANUAL);
        try (GuardedBridge bridge = GuardedBridge.start(deactivations, folder)) {
            String a = bridge.user("put-a");
            String put = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"put-a\","
                    + "\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},\"active\":false}";

            assertEquals(200, bridge.http().send("PUT", "/Users/" + a, put).status());

            assertEquals(1.0, bridge.metric("scim_bridge_guard_window_count", "deactivations"));
        }
    }

    @Test
    void replacingMembersWithNothingCountsEveryMemberItRemoves() throws Exception {
        try (GuardedBridge bridge = GuardedBridge.start(caps(GuardKind.MEMBER_REMOVALS, 5, Duration.ofMinutes(10),
                Cap.Reset.MANUAL), folder)) {
            String[] five = new String[5];
            for (int i = 0; i < five.length; i++) {
                five[i] = bridge.user("five-" + i);
            }
            String big = bridge.group("five", five);
            String other = bridge.group("one", bridge.user("one-0"));

            assertEquals(200, bridge.http().send("PATCH", "/Groups/" + big, EMPTY_MEMBERS).status());
            assertEquals(5.0, bridge.metric("scim_bridge_guard_window_count", "memberRemovals"));
            Response refused = bridge.http().send("PATCH", "/Groups/" + other, EMPTY_MEMBERS);

            assertEquals(403, refused.status(), refused.body());
            assertEquals(1, bridge.entry(other).orElseThrow().getAttributeValues("member").length, "nothing removed");
        }
    }

    @Test
    void aRequestRemovingMoreMembersThanTheCapIsRefusedWhole() throws Exception {
        try (GuardedBridge bridge = GuardedBridge.start(caps(GuardKind.MEMBER_REMOVALS, 2, Duration.ofMinutes(10),
                Cap.Reset.MANUAL), folder)) {
            String[] three = {bridge.user("three-0"), bridge.user("three-1"), bridge.user("three-2")};
            String group = bridge.group("three", three);
            // The group was just created, so its DN is known: without the guard this PATCH would take the unread path.
            String removeAll = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                    + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + three[0] + "\\\"]\"},"
                    + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + three[1] + "\\\"]\"},"
                    + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + three[2] + "\\\"]\"}]}";

            Response refused = bridge.http().send("PATCH", "/Groups/" + group, removeAll);

            assertEquals(403, refused.status(), refused.body());
            assertEquals(3, bridge.entry(group).orElseThrow().getAttributeValues("member").length);
            assertEquals(0.0, bridge.metric("scim_bridge_guard_window_count", "memberRemovals"), "a refusal counts nothing");
        }
    }

    @Test
    void aPutCountsTheMembersItsDifferenceRemoves() throws Exception {
        try (GuardedBridge bridge = GuardedBridge.start(caps(GuardKind.MEMBER_REMOVALS, 10, Duration.ofMinutes(10),
                Cap.Reset.MANUAL), folder)) {
            String[] three = {bridge.user("put-0"), bridge.user("put-1"), bridge.user("put-2")};
            String group = bridge.group("put", three);
            String put = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"put\","
                    + "\"members\":[{\"value\":\"" + three[0] + "\"}]}";

            assertEquals(200, bridge.http().send("PUT", "/Groups/" + group, put).status());

            assertEquals(2.0, bridge.metric("scim_bridge_guard_window_count", "memberRemovals"));
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
