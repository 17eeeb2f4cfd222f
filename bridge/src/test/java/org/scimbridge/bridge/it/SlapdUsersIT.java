package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;

import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.edge.SlapdBridge;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The User scenarios against a real OpenLDAP slapd, with the bridge started exactly as {@code scim-bridge serve} starts
 * it: from a bridge YAML, a password file, a token file and {@code config/openldap.yaml}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlapdUsersIT implements UsersScenarios, FilterPagingScenarios, PatchScenarios, GroupScenarios, RoleScenarios,
        LifecycleScenarios, BulkScenarios, ConcurrencyScenarios {

    private BridgeHarness bridge;
    private BridgeHarness bulkBridge;
    private BridgeHarness rolesBridge;
    private BridgeHarness cnNamedBridge;

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        Path folder = SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), "", """
                maxPayloadBytes: %d
                bulkMaxOperations: %d
                bulkMaxPayloadBytes: %d
                # The scenarios fire bursts from one token and probe wrong tokens on purpose (RateLimitIT tests the limits).
                requestsPerSecond: 0
                authFailures: 0
                """.formatted(BridgeHarness.MAX_PAYLOAD, BridgeHarness.BULK_MAX_OPERATIONS, BridgeHarness.MAX_PAYLOAD));
        bridge = SlapdBridge.harness(slapd, folder);
        BulkUsers.seed(slapd.connect());
        bulkBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(), BulkUsers.mapping("entryCSN"));
        RoleScenarios.createRoleGroup(slapd.connect());
        rolesBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(), RoleScenarios.mapping("entryCSN"));
        cnNamedBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(),
                ConcurrencyScenarios.cnNamedUsers("openldap.yaml", "entryCSN"));
    }

    @AfterAll
    void stop() {
        bridge.close();
        bulkBridge.close();
        rolesBridge.close();
        cnNamedBridge.close();
    }

    /**
     * facsimileTelephoneNumber has no EQUALITY rule in OpenLDAP's core schema, so slapd cannot delete one of its values
     * ("inappropriate matching"): the bridge replaces the attribute whole instead of adding and deleting values.
     */
    @Test
    void aFaxNumberIsChangedByPatchAndByPutAndRemoved() throws Exception {
        BridgeHarness.Response created = bridge.send("POST", "/Users", """
                {"userName":"fax-changer","name":{"familyName":"Fax"},
                 "phoneNumbers":[{"type":"fax","value":"+1 555 0100"},{"type":"work","value":"+1 555 0200"}]}""");
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        BridgeHarness.Response patched = bridge.send("PATCH", "/Users/" + id, """
                {"Operations":[{"op":"replace","path":"phoneNumbers[type eq \\"fax\\"].value","value":"+1 555 0101"}]}""");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(List.of("+1 555 0101"), List.of(bridge.userEntryById(id).orElseThrow()
                .getAttributeValues("facsimileTelephoneNumber")));
        BridgeHarness.Response put = bridge.send("PUT", "/Users/" + id, """
                {"userName":"fax-changer","name":{"familyName":"Fax"},
                 "phoneNumbers":[{"type":"fax","value":"+1 555 0102"},{"type":"work","value":"+1 555 0200"}]}""");
        assertEquals(200, put.status(), put.body());
        assertEquals(List.of("+1 555 0102"), List.of(bridge.userEntryById(id).orElseThrow()
                .getAttributeValues("facsimileTelephoneNumber")));
        BridgeHarness.Response removed = bridge.send("PATCH", "/Users/" + id, """
                {"Operations":[{"op":"remove","path":"phoneNumbers[type eq \\"fax\\"]"}]}""");
        assertEquals(200, removed.status(), removed.body());
        assertFalse(bridge.userEntryById(id).orElseThrow().hasAttribute("facsimileTelephoneNumber"));
        assertEquals(List.of("+1 555 0200"), List.of(bridge.userEntryById(id).orElseThrow().getAttributeValues("telephoneNumber")));
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, "").status());
    }

    @Override
    public BridgeHarness rolesBridge() {
        return rolesBridge;
    }

    @Override
    public BridgeHarness bulkBridge() {
        return bulkBridge;
    }

    @Override
    public BridgeHarness cnNamedBridge() {
        return cnNamedBridge;
    }

    @Override
    public BridgeHarness bridge() {
        return bridge;
    }
}
