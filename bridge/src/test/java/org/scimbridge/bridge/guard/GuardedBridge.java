package org.scimbridge.bridge.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.DryRun;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.observe.Observability;

/**
 * A bridge with guards, protected entries and/or dry-run on an UnboundID in-memory directory (the OpenLDAP profile),
 * writing its audit records to a file the tests read, with its {@code /metrics} at hand.
 */
final class GuardedBridge implements AutoCloseable {

    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;

    private final InMemoryDirectoryServer directory;
    private final BridgeHarness harness;
    private final Path auditFile;
    private final int port;

    private GuardedBridge(InMemoryDirectoryServer directory, BridgeHarness harness, Path auditFile, int port) {
        this.directory = directory;
        this.harness = harness;
        this.auditFile = auditFile;
        this.port = port;
    }

    /** Starts directory and bridge; {@code folder} takes the audit file. */
    static GuardedBridge start(Safety safety, Path folder) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(DemoDirectory.schema());
        config.addAdditionalBindCredentials("cn=admin," + BASE, "admin-secret");
        InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
        directory.add("dn: " + BASE, "objectClass: domain", "dc: example");
        directory.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        directory.startListening();
        LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", directory.getListenPort(),
                "cn=admin," + BASE, "admin-secret"), 2);
        Path auditFile = folder.resolve("audit.log");
        AuditLog audit = AuditLog.open(new Audit(List.of(new Audit.FileSink(auditFile)), false, false));
        LdapDirectory live = new LdapDirectory(pool, DirectoryFeatures.detect(pool));
        LdapDirectory ldap = safety.dryRun() ? live.dryRun(new DryRun(Set.of("entryUUID"))) : live;
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(ldap, DemoDirectory.mapping(), TokenStore.of("guards-it",
                BridgeHarness.TOKEN), audit, new Limits(BridgeHarness.MAX_PAYLOAD, 500), Paging.defaults(),
                new BaseUrl(Optional.empty()), false, Observability.create(), Safeguards.of(safety, DemoDirectory.mapping()));
        BridgeServer server = BridgeServer.start("127.0.0.1", 0, wiring, List.of(pool::close, audit));
        BridgeHarness harness = new BridgeHarness(server, directory, DemoDirectory.mapping());
        return new GuardedBridge(directory, harness, auditFile, server.port());
    }

    BridgeHarness http() {
        return harness;
    }

    InMemoryDirectoryServer directory() {
        return directory;
    }

    /** Creates a user through SCIM; returns its id. */
    String user(String userName) {
        BridgeHarness.Response created = harness.send("POST", "/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"}}");
        if (created.status() != 201) {
            throw new AssertionError(created.body());
        }
        return created.json().path("id").asText();
    }

    /** Creates a group with these member ids through SCIM; returns its id. */
    String group(String displayName, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        BridgeHarness.Response created = harness.send("POST", "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + displayName + "\",\"members\":[" + members + "]}");
        if (created.status() != 201) {
            throw new AssertionError(created.body());
        }
        return created.json().path("id").asText();
    }

    /** The entry with this entryUUID, as the directory holds it now. */
    Optional<SearchResultEntry> entry(String id) {
        try {
            Filter byId = Filter.createEqualityFilter("entryUUID", id);
            return Optional.ofNullable(directory.searchForEntry(BASE, SearchScope.SUB, byId, "*", "+"));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every entry with all its attributes, sorted: two equal snapshots mean nothing was written in between. */
    Set<String> snapshot() {
        try {
            Set<String> entries = new TreeSet<>();
            directory.search(BASE, SearchScope.SUB, Filter.createPresenceFilter("objectClass"), "*", "+").getSearchEntries()
                    .forEach(e -> entries.add(e.toLDIFString()));
            return entries;
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> auditRecords() {
        try {
            return Files.readAllLines(auditFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of one sample of {@code /metrics}, e.g. {@code scim_bridge_guard_refusals_total{guard="deletes"}}. */
    double metric(String name, String guard) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + Observability.METRICS_PATH)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{guard=\"" + guard + "\"}") + " (\\S+)$").matcher(text);
            if (!m.find()) {
                throw new AssertionError(name + "{guard=\"" + guard + "\"} not in the scrape:\n" + text);
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        harness.close();
        directory.shutDown(true);
    }
}
