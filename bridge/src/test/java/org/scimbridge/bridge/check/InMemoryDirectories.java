package org.scimbridge.bridge.check;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * UnboundID in-memory directories for the check: the standard schema with {@code dc=example,dc=com}, ou=people and
 * ou=groups; optionally dressed as OpenLDAP, with entryCSN in the schema, a configContext in the root DSE and a
 * readable {@code cn=config} holding one database with the given olcDbIndex lines.
 */
final class InMemoryDirectories {

    static final String SERVICE_DN = "cn=scim-bridge,ou=services,dc=example,dc=com";
    static final String ROOT_DN = "cn=admin,dc=example,dc=com";
    static final String DIRECTORY_MANAGER = "cn=Directory Manager";
    static final String PASSWORD = "secret";
    static final String DATABASE_DN = "olcDatabase={1}mdb,cn=config";

    private InMemoryDirectories() {
    }

    /** The standard schema, no cn=config; started, with the service account and cn=Directory Manager. */
    static InMemoryDirectoryServer standard() throws Exception {
        return start(config(Schema.getDefaultStandardSchema(), "dc=example,dc=com"), null);
    }

    /** Like OpenLDAP with a readable cn=config whose database for dc=example,dc=com has {@code indexLines}. */
    static InMemoryDirectoryServer openLdapLike(String... indexLines) throws Exception {
        InMemoryDirectoryServerConfig config = config(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), openLdapSchema()),
                "dc=example,dc=com", "cn=config");
        config.setCustomRootDSEAttributes(List.of(new Attribute("configContext", "cn=config")));
        config.addAdditionalBindCredentials(ROOT_DN, PASSWORD);
        List<String> database = new ArrayList<>(List.of("dn: " + DATABASE_DN, "objectClass: olcDatabaseConfig",
                "olcDatabase: {1}mdb", "olcSuffix: dc=example,dc=com", "olcRootDN: " + ROOT_DN));
        for (String line : indexLines) {
            database.add("olcDbIndex: " + line);
        }
        return start(config, new Entry(database.toArray(String[]::new)));
    }

    /** A connection bound as {@code dn} with {@link #PASSWORD}. */
    static LDAPConnection connect(InMemoryDirectoryServer server, String dn) throws Exception {
        return new LDAPConnection("127.0.0.1", server.getListenPort(), dn, PASSWORD);
    }

    private static InMemoryDirectoryServerConfig config(Schema schema, String... bases) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(bases);
        config.setSchema(schema);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials(DIRECTORY_MANAGER, PASSWORD);
        return config;
    }

    private static InMemoryDirectoryServer start(InMemoryDirectoryServerConfig config, Entry database) throws Exception {
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        server.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        server.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        server.add("dn: ou=services,dc=example,dc=com", "objectClass: organizationalUnit", "ou: services");
        server.add("dn: " + SERVICE_DN, "objectClass: inetOrgPerson", "cn: scim-bridge", "sn: bridge",
                "userPassword: " + PASSWORD);
        if (database != null) {
            server.add("dn: cn=config", "objectClass: olcGlobal", "cn: config");
            server.add(database);
        }
        server.startListening();
        return server;
    }

    /** entryCSN and the slice of slapd-config(5) the check reads; OIDs under OpenLDAP's experimental arc. */
    private static Schema openLdapSchema() throws Exception {
        return new Schema(new Entry("dn: cn=schema", "objectClass: subschema",
                "attributeTypes: ( 1.3.6.1.4.1.4203.666.1.7 NAME 'entryCSN' EQUALITY octetStringMatch"
                        + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )",
                "attributeTypes: ( 1.3.6.1.4.1.4203.666.99.1 NAME 'olcDatabase' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
                "attributeTypes: ( 1.3.6.1.4.1.4203.666.99.2 NAME 'olcSuffix' SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
                "attributeTypes: ( 1.3.6.1.4.1.4203.666.99.3 NAME 'olcRootDN' SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
                "attributeTypes: ( 1.3.6.1.4.1.4203.666.99.4 NAME 'olcDbIndex' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
                "objectClasses: ( 1.3.6.1.4.1.4203.666.99.5 NAME 'olcGlobal' SUP top STRUCTURAL MUST cn )",
                "objectClasses: ( 1.3.6.1.4.1.4203.666.99.6 NAME 'olcDatabaseConfig' SUP top STRUCTURAL MUST olcDatabase"
                        + " MAY ( olcSuffix $ olcRootDN $ olcDbIndex ) )"));
    }
}
