package org.scimbridge.bridge.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.observe.Observability;

/**
 * {@code scim-bridge demo [--port N] [--token T]}: the first five minutes. An embedded directory with a small company
 * and the bridge in front of it, both on loopback only; prints the base URL and the token to use.
 */
public final class DemoCommand {

    private DemoCommand() {
    }

    public static int run(Arguments arguments, PrintStream out, PrintStream err) {
        arguments.allow(Set.of("port", "token"));
        int port = arguments.integer("port", 8080, 0, 65535);
        String token = arguments.value("token").orElseGet(TokenStore::newSecret);
        DemoDirectory directory = DemoDirectory.start();
        LDAPConnectionPool pool;
        DirectoryFeatures features;
        try {
            pool = directory.pool(4);
            features = DirectoryFeatures.detect(pool);
        } catch (LDAPException e) {
            directory.close();
            throw new IllegalStateException("cannot connect to the embedded directory: " + e.getMessage(), e);
        }
        AuditLog audit = new AuditLog(List.of(), java.time.Clock.systemUTC());
        // Pool gauges and readiness; the embedded directory's pool is not built by LdapPools, so no LDAP operation timings.
        Observability observability = Observability.create().watch(pool, DemoDirectory.mapping());
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, features), DemoDirectory.mapping(),
                TokenStore.of("demo", token), audit, new Limits(1_048_576, 1000), Paging.defaults(),
                new BaseUrl(Optional.empty()), false, observability);
        BridgeServer server;
        try {
            server = BridgeServer.start("127.0.0.1", port, wiring, List.of(pool::close, audit, directory));
        } catch (RuntimeException e) {
            pool.close();
            directory.close();
            observability.close();
            err.println("scim-bridge: cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); try --port");
            return 1;
        }
        out.println("scim-bridge demo: an embedded directory with 50 users and 6 groups at " + directory.url());
        out.println("url: http://127.0.0.1:" + server.port() + BaseUrl.SCIM_PATH);
        out.println("token: " + token);
        out.println("try:  curl -H \"Authorization: Bearer " + token + "\" 'http://127.0.0.1:" + server.port()
                + BaseUrl.SCIM_PATH + "/Users?filter=userName%20eq%20%22alovelace%22'");
        out.println("Stop with Ctrl+C.");
        out.flush();
        ServeCommand.awaitShutdown(server);
        return 0;
    }
}
