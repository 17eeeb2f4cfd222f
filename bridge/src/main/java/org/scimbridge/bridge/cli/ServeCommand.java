package org.scimbridge.bridge.cli;

import java.util.Locale;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.check.CheckReport;
import org.scimbridge.bridge.check.StartupCheck;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.ldap.LdapPools;
import org.scimbridge.bridge.observe.Observability;
import org.scimbridge.bridge.observe.OperationalLog;

/** {@code scim-bridge serve --config FILE}: the appliance. */
public final class ServeCommand {

    private ServeCommand() {
    }

    public static int run(Arguments arguments, PrintStream out, PrintStream err) {
        arguments.allow(Set.of("config"));
        Path configFile = Path.of(arguments.required("config"));
        BridgeConfig config = BridgeConfigLoader.load(configFile);
        BridgeServer server;
        try {
            server = start(config, configFile.toString(), err);
        } catch (StartupException e) {
            err.println("scim-bridge: " + e.getMessage());
            return 1;
        }
        out.println("scim-bridge: listening on http://" + config.server().host() + ":" + server.port() + BaseUrl.SCIM_PATH
                + " for " + config.directory().urls());
        awaitShutdown(server);
        return 0;
    }

    /** {@link #start(BridgeConfig, String, PrintStream)} with start-up check warnings on standard error. */
    public static BridgeServer start(BridgeConfig config, String configFile) {
        return start(config, configFile, System.err);
    }

    /**
     * Connects to the directory, checks the mapping against it (errors stop start-up, warnings go to {@code messages}),
     * opens the audit sinks and starts listening, as configured.
     */
    public static BridgeServer start(BridgeConfig config, String configFile, PrintStream messages) {
        OperationalLog.secure(messages);
        TokenStore tokens = TokenStore.load(config.tokenFile());
        Observability observability = Observability.create();
        LDAPConnectionPool pool;
        DirectoryFeatures features;
        try {
            pool = LdapPools.create(config.directory(), configFile, observability.ldap());
            features = DirectoryFeatures.detect(pool);
        } catch (LDAPException e) {
            observability.close();
            throw new StartupException("cannot connect and bind to " + config.directory().urls() + " as "
                    + config.directory().bindDn() + ": " + e.getResultCode().getName() + " " + e.getDiagnosticMessage(), e);
        }
        try {
            check(pool, config, messages);
        } catch (StartupException e) {
            observability.close();
            throw e;
        }
        AuditLog audit;
        try {
            audit = AuditLog.open(config.audit());
        } catch (IOException e) {
            pool.close();
            observability.close();
            throw new StartupException("cannot open the audit sinks: " + e.getMessage(), e);
        }
        LdapDirectory directory = new LdapDirectory(pool, features, config.paging().snapshotTtl());
        observability.watch(pool, config.mapping()).auditSinkFailures(audit::sinkFailures);
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(directory, config.mapping(), tokens, audit,
                config.limits(), config.paging(), new BaseUrl(config.server().publicUrl()),
                config.directory().urls().stream().allMatch(u -> u.toLowerCase(Locale.ROOT).startsWith("ldaps://")),
                observability);
        return BridgeServer.start(config.server().host(), config.server().port(), wiring, List.of(pool::close, audit));
    }

    /** The start-up check of {@code scim-bridge check}: a disagreement between mapping and directory stops start-up. */
    private static void check(LDAPConnectionPool pool, BridgeConfig config, PrintStream messages) {
        CheckReport report = StartupCheck.run(pool, config.mapping(), config.directory().bindDn());
        if (!report.ok()) {
            pool.close();
            StringBuilder problems = new StringBuilder();
            report.errors().forEach(f -> problems.append("\n  ").append(f));
            report.warnings().forEach(f -> problems.append("\n  ").append(f));
            throw new StartupException("the mapping " + config.mapping().source() + " and the directory at "
                    + config.directory().urls() + " disagree (" + report.summary() + "; scim-bridge check prints the whole report):"
                    + problems, null);
        }
        report.warnings().forEach(f -> messages.println("scim-bridge: " + f));
    }

    /** Start-up failed for a reason outside the configuration file's syntax (directory down, bad bind, disk). */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl+C), then stops the server and closes its resources. */
    static void awaitShutdown(BridgeServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "scim-bridge-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
