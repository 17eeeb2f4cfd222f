package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.Ds389Server;
import org.scimbridge.mapping.config.MappingLoader;

/** {@code config/389ds.yaml} against a real 389 Directory Server: the lifecycle scenarios and the bind they govern. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ds389UsersIT implements LifecycleScenarios {

    private Ds389Server ds;
    private BridgeHarness bridge;
    private LDAPConnection admin;

    @BeforeAll
    void start() throws Exception {
        ds = Ds389Server.shared();
        admin = ds.connect();
        bridge = BridgeHarness.start(new LDAPConnectionPool(ds.connect(), 2), admin,
                MappingLoader.load(Path.of(System.getProperty("config.dir"), "389ds.yaml")));
    }

    @AfterAll
    void stop() {
        bridge.close();
        admin.close();
    }

    @Override
    public BridgeHarness bridge() {
        return bridge;
    }

    @Override
    public String lockAttribute() {
        return "nsAccountLock";
    }

    @Override
    public String lockedValue() {
        return "true";
    }

    @Test
    void nsAccountLockRefusesTheBindAndReactivationAllowsIt() throws Exception {
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"ds-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"password\":\"a long 389 passphrase\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode user = created.json();
        String dn = bridge.userEntryById(user.path("id").asText()).orElseThrow().getDN();
        ds.connect(dn, "a long 389 passphrase").close();
        String patch = "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":%s}}]}";
        assertEquals(200, bridge.send("PATCH", "/Users/" + user.path("id").asText(), patch.formatted("false")).status());
        assertThrows(LDAPException.class, () -> ds.connect(dn, "a long 389 passphrase").close(), "a deactivated user cannot bind");
        assertEquals(200, bridge.send("PATCH", "/Users/" + user.path("id").asText(), patch.formatted("true")).status());
        ds.connect(dn, "a long 389 passphrase").close();
    }

    @Test
    void usersAndGroupsRoundTrip() {
        Response created = bridge.send("POST", "/Users", "{\"userName\":\"ds-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertEquals(id, bridge.get("/Users/" + id).json().path("id").asText(), "nsUniqueId is the id");
        Response group = bridge.send("POST", "/Groups", "{\"displayName\":\"DS " + id + "\"}");
        assertEquals(201, group.status(), group.body());
        String groupId = group.json().path("id").asText();
        assertEquals(200, bridge.send("PATCH", "/Groups/" + groupId, "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + id + "\"}]}]}").status());
        assertEquals(id, bridge.get("/Groups/" + groupId).json().path("members").path(0).path("value").asText());
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, null).status());
        assertEquals(0, bridge.get("/Groups/" + groupId).json().path("members").size(), "the deleted user left the group");
    }
}
