package org.scimbridge.bridge.ldap;

import java.util.List;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.mapping.config.ConfigException;

/** Builds the connection pool from the directory settings: one server, or several tried in order (failover). */
public final class LdapPools {

    private LdapPools() {
    }

    public static LDAPConnectionPool create(Directory directory, String configFile) throws LDAPException {
        return create(directory, configFile, null);
    }

    /** A pool whose connections report every request and result to {@code logger} (the LDAP metrics), if not null. */
    public static LDAPConnectionPool create(Directory directory, String configFile, LDAPConnectionLogger logger)
            throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectionLogger(logger);
        options.setConnectTimeoutMillis((int) directory.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(directory.responseTimeout().toMillis());
        // Strict host name checking on LDAPS: a certificate for another host is a man in the middle.
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        options.setUseKeepAlive(true);
        ServerSet servers = serverSet(directory.urls(), options, configFile);
        SimpleBindRequest bind = new SimpleBindRequest(directory.bindDn(), directory.bindPassword().value());
        LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, directory.poolSize());
        pool.setConnectionPoolName("scim-bridge");
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setMaxWaitTimeMillis(directory.responseTimeout().toMillis());
        return pool;
    }

    private static ServerSet serverSet(List<String> urls, LDAPConnectionOptions options, String configFile) throws LDAPException {
        ServerSet[] sets = new ServerSet[urls.size()];
        for (int i = 0; i < urls.size(); i++) {
            LDAPURL url;
            try {
                url = new LDAPURL(urls.get(i));
            } catch (LDAPException e) {
                throw new ConfigException(configFile, "directory.urls", "'" + urls.get(i) + "' is not an LDAP URL: " + e.getMessage());
            }
            if (url.getScheme().equalsIgnoreCase("ldaps")) {
                try {
                    // The JVM's default trust store; a dedicated trust store setting comes with the TLS work.
                    SSLUtil ssl = new SSLUtil(new TrustStoreTrustManager(System.getProperty("java.home") + "/lib/security/cacerts"));
                    sets[i] = new SingleServerSet(url.getHost(), url.getPort(), ssl.createSSLSocketFactory(), options);
                } catch (java.security.GeneralSecurityException e) {
                    throw new ConfigException(configFile, "directory.urls", "cannot set up TLS: " + e.getMessage());
                }
            } else {
                sets[i] = new SingleServerSet(url.getHost(), url.getPort(), options);
            }
        }
        return sets.length == 1 ? sets[0] : new FailoverServerSet(sets);
    }
}
