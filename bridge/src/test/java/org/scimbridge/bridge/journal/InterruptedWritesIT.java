package org.scimbridge.bridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.Eventually;
import org.scimbridge.bridge.testing.LdapFaultProxy;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The directory goes away exactly between two LDAP operations of one SCIM write (a {@link LdapFaultProxy} between the
 * bridge and a real slapd cuts every connection instead of forwarding the second operation): the client gets 503 with
 * Retry-After, the repair waits in the journal, and once the directory is reachable again the background thread repairs
 * the directory, checked there (over a direct connection, not through the proxy). The bridge is started as
 * {@code serve} starts it, with {@code config/openldap.yaml} but member chunks of 3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptedWritesIT {

    private static final String SECRET = "Journal-Must-Not-Hold-This-1!";

    private Path folder;
    private SlapdServer slapd;
    private LdapFaultProxy proxy;
    private BridgeHarness bridge;
    private LDAPConnection admin;

    @BeforeAll
    void start() throws Exception {
        folder = Files.createTempDirectory("interrupted-writes-it");
        slapd = SlapdServer.start(SlapdServer.Options.defaults());
        proxy = LdapFaultProxy.start(slapd.host(), slapd.port());
        admin = slapd.connect();
        configure();
        bridge = startBridge();
    }

    @AfterEach
    void directoryReachable() {
        proxy.restore();
    }

    @AfterAll
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (slapd != null) {
            slapd.close();
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void aCreateCutBeforeItsPasswordIsAnswered503AndTheEntryIsGoneOnceTheDirectoryReturns() throws Exception {
        proxy.cutOn(LdapFaultProxy.EXTENDED, 1);
        Response response = bridge.send("POST", "/Users", user("pat", SECRET));

        assertUnavailable(response);
        String journal = Files.readString(journal());
        assertTrue(journal.contains("deleteCreated") && journal.contains("uid=pat"), journal);
        assertFalse(journal.contains(SECRET), "the password reached the journal: " + journal);
        assertTrue(entry("uid=pat," + SlapdServer.PEOPLE_DN).isPresent(), "the add landed before the cut");
        assertTrue(metrics().contains("scim_bridge_pending_repairs 1.0"), metrics());

        proxy.restore();
        awaitGone("uid=pat," + SlapdServer.PEOPLE_DN);
        awaitJournalEmpty();
        Eventually.await(() -> audit().contains("REPAIR-User") && audit().contains("deleteCreated"), this::audit);
        assertTrue(metrics().contains("scim_bridge_pending_repairs 0.0"), metrics());
        assertEquals(201, bridge.send("POST", "/Users", user("pat", SECRET)).status(), "the client's retry succeeds");
    }

    @Test
    void aRenameCutBeforeItsModifyIsRenamedBackOnceTheDirectoryReturns() throws Exception {
        Response created = bridge.send("POST", "/Users", user("rita", null));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();

        proxy.cutOn(LdapFaultProxy.MODIFY, 1);
        Response patched = bridge.send("PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","path":"userName","value":"rita.renamed"},
                 {"op":"replace","path":"displayName","value":"Rita Renamed"}]}""");

        assertUnavailable(patched);
        assertTrue(entry("uid=rita.renamed," + SlapdServer.PEOPLE_DN).isPresent(), "the rename landed before the cut");
        proxy.restore();
        awaitGone("uid=rita.renamed," + SlapdServer.PEOPLE_DN);
        SearchResultEntry back = entry("uid=rita," + SlapdServer.PEOPLE_DN).orElseThrow();
        assertEquals(id, back.getAttributeValue("entryUUID"));
        assertEquals("rita T.", back.getAttributeValue("displayName"), "nothing of the modify was applied");
        awaitJournalEmpty();
    }

    @Test
    void aMemberPatchCutAfterItsFirstChunkGetsEveryChunkOnceTheDirectoryReturns() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Response created = bridge.send("POST", "/Users", user("member" + i, null));
            assertEquals(201, created.status(), created.body());
            ids.add(created.json().path("id").asText());
        }
        Response group = bridge.send("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"chunked","members":[]}""");
        assertEquals(201, group.status(), group.body());

        proxy.cutOn(LdapFaultProxy.MODIFY, 2);
        StringBuilder members = new StringBuilder();
        ids.forEach(id -> members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}"));
        Response patched = bridge.send("PATCH", "/Groups/" + group.json().path("id").asText(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"add","path":"members","value":[%s]}]}""".formatted(members));

        assertUnavailable(patched);
        String groupDn = "cn=chunked," + SlapdServer.GROUPS_DN;
        assertEquals(3, members(groupDn).size(), "only the first chunk of 3 landed: " + members(groupDn));
        assertTrue(Files.readString(journal()).contains("finishMembers"), Files.readString(journal()));
        proxy.restore();
        Eventually.await(() -> members(groupDn).size() == 7, () -> "members now: " + members(groupDn));
        awaitJournalEmpty();
    }

    @Test
    void roleGrantsCutAfterTheMembershipChangeAreRecomputedOnceTheDirectoryReturns() throws Exception {
        Response user = bridge.send("POST", "/Users", user("ollie", null));
        assertEquals(201, user.status(), user.body());
        Response group = bridge.send("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops-night","members":[]}""");
        assertEquals(201, group.status(), group.body());

        // The first modify adds the member; the second would be the user's grant.
        proxy.cutOn(LdapFaultProxy.MODIFY, 2);
        Response patched = bridge.send("PATCH", "/Groups/" + group.json().path("id").asText(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"add","path":"members","value":[{"value":"%s"}]}]}""".formatted(user.json().path("id").asText()));

        assertUnavailable(patched);
        String userDn = "uid=ollie," + SlapdServer.PEOPLE_DN;
        assertEquals(List.of(userDn), members("cn=ops-night," + SlapdServer.GROUPS_DN));
        assertFalse(entry(userDn).orElseThrow().hasAttribute("employeeType"), "the grant was cut off");
        assertTrue(Files.readString(journal()).contains("recomputeRoles"), Files.readString(journal()));
        proxy.restore();
        Eventually.await(() -> "operator".equals(entry(userDn).orElseThrow().getAttributeValue("employeeType")),
                () -> entry(userDn).orElseThrow().toLDIFString());
        awaitJournalEmpty();
    }

    @Test
    void aDeletedUsersMembershipsCutOffAreRemovedOnceTheDirectoryReturns() throws Exception {
        Response user = bridge.send("POST", "/Users", user("dora", null));
        assertEquals(201, user.status(), user.body());
        String id = user.json().path("id").asText();
        Response group = bridge.send("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"crew","members":[{"value":"%s"}]}"""
                .formatted(id));
        assertEquals(201, group.status(), group.body());
        String userDn = "uid=dora," + SlapdServer.PEOPLE_DN;
        String groupDn = "cn=crew," + SlapdServer.GROUPS_DN;

        proxy.cutOn(LdapFaultProxy.MODIFY, 1);
        assertUnavailable(bridge.send("DELETE", "/Users/" + id, null));

        assertTrue(entry(userDn).isEmpty(), "the delete landed before the cut");
        assertEquals(List.of(userDn), members(groupDn), "the group still names the deleted user");
        proxy.restore();
        Eventually.await(() -> members(groupDn).isEmpty(), () -> "members now: " + members(groupDn));
        awaitJournalEmpty();
    }

    @Test
    void aGroupCreateCutBeforeItsSecondChunkIsDeletedOnceTheDirectoryReturns() throws Exception {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            Response created = bridge.send("POST", "/Users", user("gm" + i, null));
            assertEquals(201, created.status(), created.body());
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(created.json().path("id").asText())
                    .append("\"}");
        }

        proxy.cutOn(LdapFaultProxy.MODIFY, 1);
        Response group = bridge.send("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"big","members":[%s]}"""
                .formatted(members));

        assertUnavailable(group);
        String groupDn = "cn=big," + SlapdServer.GROUPS_DN;
        assertEquals(3, members(groupDn).size(), "the add carried the first chunk of 3");
        proxy.restore();
        awaitGone(groupDn);
        awaitJournalEmpty();
    }

    @Test
    void anUndoIsSkippedWhenAnotherClientPutANewEntryAtTheSameDnMeanwhile() throws Exception {
        proxy.cutOn(LdapFaultProxy.EXTENDED, 1);
        assertUnavailable(bridge.send("POST", "/Users", user("quinn", SECRET)));
        String dn = "uid=quinn," + SlapdServer.PEOPLE_DN;
        String created = entry(dn).orElseThrow().getAttributeValue("entryUUID");

        // Another client, which reaches the directory directly, replaces the half-created entry by its own.
        admin.delete(dn);
        admin.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: quinn", "cn: Quinn Other", "sn: Other");
        String other = entry(dn).orElseThrow().getAttributeValue("entryUUID");
        assertFalse(other.equals(created));

        proxy.restore();
        awaitJournalEmpty();
        assertEquals(other, entry(dn).orElseThrow().getAttributeValue("entryUUID"), "the other client's entry stays");
        Eventually.await(() -> audit().contains("skipped"), this::audit);
    }

    @Test
    void aRepairLeftByAKilledBridgeIsDoneByTheNextAtStart() throws Exception {
        String dn = "uid=orphan," + SlapdServer.PEOPLE_DN;
        admin.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: orphan", "cn: Orphan", "sn: Orphan");
        String uuid = entry(dn).orElseThrow().getAttributeValue("entryUUID");
        bridge.close();
        bridge = null;
        // What a bridge killed between the add and the password leaves: its record, its instance gone.
        try (RepairJournal killed = RepairJournal.open(journal())) {
            killed.add(new Repair.DeleteCreated("User", uuid, new DN(dn)));
        }

        bridge = startBridge();
        awaitGone(dn);
        awaitJournalEmpty();
    }

    @Test
    void aRepairOfAnotherEntryIdIsSkippedAtStartAndTheEntryStays() throws Exception {
        String dn = "uid=kept," + SlapdServer.PEOPLE_DN;
        admin.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: kept", "cn: Kept", "sn: Kept");
        bridge.close();
        bridge = null;
        try (RepairJournal killed = RepairJournal.open(journal())) {
            killed.add(new Repair.DeleteCreated("User", UUID.randomUUID().toString(), new DN(dn)));
        }

        bridge = startBridge();
        awaitJournalEmpty();
        assertTrue(entry(dn).isPresent(), "an entry whose id differs from the record's is not deleted");
    }

    @Test
    void aJournalThatCannotBeReadStopsStartUpWithItsPath() throws Exception {
        bridge.close();
        bridge = null;
        Files.createDirectories(journal().getParent());
        Files.writeString(journal(), "{\"format\": \"scim-bridge-repairs/1\", \"repairs\": [{\"record\": ");
        try {
            ServeCommand.StartupException e = assertThrows(ServeCommand.StartupException.class, this::startBridge);
            assertTrue(e.getMessage().contains("journal.file") && e.getMessage().contains(journal().toString()), e.getMessage());
        } finally {
            Files.delete(journal());
            bridge = startBridge();
        }
    }

    @Test
    void aDryRunBridgeNeitherJournalsNorRepairs() throws Exception {
        String dn = "uid=dry,ou=people,dc=example,dc=com";
        admin.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: dry", "cn: Dry", "sn: Dry");
        String uuid = entry(dn).orElseThrow().getAttributeValue("entryUUID");
        bridge.close();
        bridge = null;
        try (RepairJournal killed = RepairJournal.open(journal())) {
            killed.add(new Repair.DeleteCreated("User", uuid, new DN(dn)));
        }
        Path config = folder.resolve("bridge.yaml");
        String live = Files.readString(config);
        Files.writeString(config, live + "dryRun: true\n");
        try {
            bridge = startBridge();
            assertEquals(201, bridge.send("POST", "/Users", user("drycreate", SECRET)).status());
            Thread.sleep(1500); // longer than journal.retryMax: a repair thread would have acted by now
            assertEquals(1, RepairJournal.read(journal()).size(), "the dry run recorded nothing and repaired nothing");
            assertTrue(entry(dn).isPresent());
        } finally {
            proxy.restore();
            if (bridge != null) {
                bridge.close();
            }
            Files.writeString(config, live);
            bridge = startBridge();
        }
        awaitGone(dn);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void configure() throws IOException {
        Files.writeString(folder.resolve("bind-password"), slapd.adminPassword());
        Files.writeString(folder.resolve("tokens.yaml"), "tokens:\n  - name: it\n    sha256: "
                + HexFormat.of().formatHex(TokenStore.sha256(BridgeHarness.TOKEN)) + "\n");
        // Member chunks of 3, and one role rule (as RoleScenarios: userType unmapped so that the grant owns employeeType).
        String mapping = Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml"))
                .replace("chunkSize: 500", "chunkSize: 3")
                .replace("    userType: employeeType\n", "") + """

                roles:
                  - name: operator
                    when: { dn: "cn=ops-[^,]+,ou=groups,dc=example,dc=com" }
                    grant: { attribute: employeeType, value: operator }
                """;
        assertTrue(mapping.contains("chunkSize: 3"));
        Files.writeString(folder.resolve("mapping.yaml"), mapping);
        Files.writeString(folder.resolve("bridge.yaml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                directory:
                  urls: [%s]
                  bindDn: %s
                  bindPasswordFile: bind-password
                  poolSize: 2
                  connectTimeout: 1s
                  responseTimeout: 2s
                  healthCheckInterval: 1s
                  retryAfter: 7s
                mapping: mapping.yaml
                tokens: tokens.yaml
                audit:
                  file: audit.log
                journal:
                  file: state/repairs.json
                  retryMax: 1s
                limits:
                  requestsPerSecond: 0
                """.formatted(proxy.url(), slapd.adminDn()));
    }

    private BridgeHarness startBridge() {
        BridgeConfig config = BridgeConfigLoader.load(folder.resolve("bridge.yaml"));
        BridgeServer server = ServeCommand.start(config, "bridge.yaml",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new BridgeHarness(server, admin, config.mapping());
    }

    private Path journal() {
        return folder.resolve("state/repairs.json");
    }

    private void awaitJournalEmpty() {
        Eventually.await(() -> {
            try {
                return RepairJournal.read(journal()).isEmpty();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, () -> readQuietly(journal()));
    }

    private void awaitGone(String dn) {
        Eventually.await(() -> entry(dn).isEmpty(), () -> dn + " still there; journal: " + readQuietly(journal()));
    }

    private Optional<SearchResultEntry> entry(String dn) {
        try {
            return Optional.ofNullable(admin.getEntry(dn, "*", "+"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> members(String groupDn) {
        String[] values = entry(groupDn).orElseThrow().getAttributeValues("member");
        return values == null ? List.of() : List.of(values).stream().filter(v -> v.startsWith("uid=")).toList();
    }

    private String audit() {
        return readQuietly(folder.resolve("audit.log"));
    }

    private String metrics() {
        String base = bridge.baseUrl();
        URI uri = URI.create(base.substring(0, base.indexOf("/scim/v2")) + "/metrics");
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void assertUnavailable(Response response) {
        assertEquals(503, response.status(), response.body());
        assertEquals(Optional.of("7"), response.header("Retry-After"), "Retry-After as configured: " + response.headers());
    }

    private static String user(String name, String password) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1$s",
                 "name":{"givenName":"%1$s","familyName":"Tester"},"displayName":"%1$s T."%2$s}"""
                .formatted(name, password == null ? "" : ",\"password\":\"" + password + "\"");
    }
}
