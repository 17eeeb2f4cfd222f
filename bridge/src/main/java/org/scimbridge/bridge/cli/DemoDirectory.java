package org.scimbridge.bridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
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

    private final InMemoryDirectoryServer server;

    private DemoDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    public static DemoDirectory start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(),
                    0, null));
            config.setGenerateOperationalAttributes(true); // entryUUID, createTimestamp, modifyTimestamp (RFC 4530, 4512)
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            try (InputStream in = resource("demo.ldif"); LDIFReader reader = new LDIFReader(in)) {
                server.importFromLDIF(true, reader);
            }
            server.startListening();
            return new DemoDirectory(server);
        } catch (LDAPException | IOException e) {
            throw new IllegalStateException("the embedded demo directory did not start: " + e.getMessage(), e);
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

    public LDAPConnectionPool pool(int size) throws LDAPException {
        return server.getConnectionPool(size);
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
