package org.scimbridge.bridge.cli;

import java.util.UUID;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * The embedded directory of {@code scim-bridge demo}: an UnboundID in-memory server on a loopback port, with the
 * standard schema, entryUUID/createTimestamp/modifyTimestamp maintained, seeded from {@code config/demo.ldif}.
 */
public final class DemoDirectory implements AutoCloseable {

    /** The demo data and mapping travel inside the jar, so the demo runs from any folder. */
    private static final String CONFIG_RESOURCES = "/scim-bridge/config/";
    public static final String BASE_DN = "dc=example,dc=com";

    /** The demo directory's administrator, with a password made up at every start and never printed. */
    public static final String ADMIN_DN = "cn=admin,dc=example,dc=com";

    private final InMemoryDirectoryServer server;
    private final String adminPassword;

    private DemoDirectory(InMemoryDirectoryServer server, String adminPassword) {
        this.server = server;
        this.adminPassword = adminPassword;
    }

    public static DemoDirectory start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(),
                    0, null));
            config.setGenerateOperationalAttributes(true); // entryUUID, createTimestamp, modifyTimestamp (RFC 4530, 4512)
            // The OpenLDAP profile locks accounts with ppolicy's pwdAccountLockedTime, which the standard schema lacks.
            config.setSchema(schema());
            String adminPassword = UUID.randomUUID().toString();
            config.addAdditionalBindCredentials(ADMIN_DN, adminPassword);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            try (InputStream in = resource("demo.ldif"); LDIFReader reader = new LDIFReader(in)) {
                server.importFromLDIF(true, reader);
            }
            server.startListening();
            return new DemoDirectory(server, adminPassword);
        } catch (LDAPException | IOException e) {
            throw new IllegalStateException("the embedded demo directory did not start: " + e.getMessage(), e);
        }
    }

    /** The standard schema plus ppolicy's pwdAccountLockedTime, which the OpenLDAP profile locks accounts with. */
    public static Schema schema() {
        try {
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(new Entry(
                    "dn: cn=schema", "objectClass: subschema",
                    // ppolicy's 000001010000Z (year 0, "locked for good") is no valid generalizedTime for the
                    // in-memory server's strict parser, so the demo stores the attribute as a plain string.
                    "attributeTypes: ( 1.3.6.1.4.1.42.2.27.8.1.17 NAME 'pwdAccountLockedTime' EQUALITY caseIgnoreMatch "
                            + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE USAGE directoryOperation )")));
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException("the built-in schema is malformed", e);
        }
    }

    /**
     * The OpenLDAP profile, as the demo uses it. The in-memory server keeps no entryCSN, so meta.version comes from
     * modifyTimestamp, which it records with millisecond precision.
     */
    public static MappingConfig mapping() {
        try (InputStream in = resource("openldap.yaml")) {
            MappingConfig openldap = MappingLoader.load("openldap.yaml (built in)", in);
            return new MappingConfig(openldap.source(), openldap.users().withVersionAttribute("modifyTimestamp"),
                    openldap.groups().map(g -> g.withVersionAttribute("modifyTimestamp")));
        } catch (IOException e) {
            throw new IllegalStateException("the built-in mapping cannot be read", e);
        }
    }

    /** A pool bound as the demo's administrator: the password modify operation needs an authenticated connection. */
    public LDAPConnectionPool pool(int size) throws LDAPException {
        return new LDAPConnectionPool(new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1", server.getListenPort(), ADMIN_DN,
                adminPassword), size);
    }

    public InMemoryDirectoryServer server() {
        return server;
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoDirectory.class.getResourceAsStream(CONFIG_RESOURCES + name);
        if (in == null) {
            throw new IOException(CONFIG_RESOURCES + name + " is missing from the jar");
        }
        return in;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
