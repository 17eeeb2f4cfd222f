package org.scimbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import io.helidon.common.tls.Tls;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.admin.AdminServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenAdmin;
import org.scimbridge.bridge.auth.DirectoryTokens;
import org.scimbridge.bridge.auth.StoredToken;
import org.scimbridge.bridge.auth.TokenFile;
import org.scimbridge.bridge.auth.TokenPoller;
import org.scimbridge.bridge.auth.TokenRefresh;
import org.scimbridge.bridge.auth.TokenReloader;
import org.scimbridge.bridge.auth.TokenRepository;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.check.CheckReport;
import org.scimbridge.bridge.check.StartupCheck;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.guard.Safeguards;
import org.scimbridge.bridge.http.ListenerTls;
import org.scimbridge.bridge.journal.RepairJournal;
import org.scimbridge.bridge.journal.Repairs;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.DirectoryTls;
import org.scimbridge.bridge.ldap.DryRun;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.ldap.LdapPools;
import org.scimbridge.bridge.observe.Observability;
import org.scimbridge.bridge.observe.OperationalLog;

/** {@code scim-bridge serve --config FILE}: the appliance. */
public final class ServeCommand {

    /** An editor's save is several file events; one reload after they stop. */
    private static final Duration TOKEN_DEBOUNCE = Duration.ofMillis(200);

    private ServeCommand() {
    }

    public static int run(Arguments arguments, PrintStream out, PrintStream err) {
        arguments.allow(Set.of("config"));
        Path configFile = Path.of(arguments.required("config"));
        BridgeConfig config = BridgeConfigLoader.load(configFile);
        BridgeServer server;
        TokenRefresh reloader;
        try {
            Started started = startAppliance(config, configFile.toString(), err);
            server = started.server();
            reloader = started.reloader();
        } catch (StartupException e) {
            err.println("scim-bridge: " + e.getMessage());
            return 1;
        }
        String scheme = config.server().tls().isPresent() ? "https" : "http";
        String listening = "listening on " + scheme + "://" + config.server().host() + ":" + server.port() + BaseUrl.SCIM_PATH
                + " for " + config.directory().urls();
        out.println("scim-bridge: " + listening);
        SystemdNotify systemd = SystemdNotify.fromEnvironment(System.getenv(), err);
        if (!Hangup.onHangup(() -> systemd.status(listening + "; " + (reloader.reload("SIGHUP")
                ? "tokens reloaded" : "token reload failed, see the log")))) {
            err.println("scim-bridge: SIGHUP is ignored (started under nohup?) or unavailable (java -Xrs?): systemctl reload"
                    + " will not reload the tokens; they are still reloaded when the token file changes");
        }
        systemd.ready(listening);
        awaitShutdown(() -> stop(server, config, systemd, out));
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
        return startAppliance(config, configFile, messages).server();
    }

    /** A started bridge and the reloader of its tokens, which SIGHUP triggers. */
    private record Started(BridgeServer server, TokenRefresh reloader) {
    }

    private static Started startAppliance(BridgeConfig config, String configFile, PrintStream messages) {
        OperationalLog.secure(messages);
        Optional<Tls> tls = listenerTls(config.server());
        DirectoryTls.warning(config.directory().tls()).ifPresent(warning -> messages.println("scim-bridge: " + warning));
        // Tokens in the directory are read once the pool is up; the bridge does not listen before they are.
        TokenStore tokens = config.tokens().file().map(TokenStore::load).orElseGet(() -> TokenStore.of(List.of(),
                Clock.systemUTC()));
        Observability observability = Observability.create();
        LDAPConnectionPool pool;
        DirectoryFeatures features;
        try {
            pool = LdapPools.create(config.directory(), configFile, observability.ldap(), config.paging().cursorConnections());
            features = DirectoryFeatures.detect(pool);
        } catch (LDAPException e) {
            observability.close();
            throw new StartupException("cannot connect and bind to " + config.directory().urls() + " as "
                    + config.directory().bindDn() + ": " + e.getResultCode().getName() + " "
                    // A refused bind has the directory's diagnostic; a failed connection or TLS handshake only a message.
                    + (e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getMessage()), e);
        }
        try {
            check(pool, config, messages);
        } catch (StartupException e) {
            observability.close();
            throw e;
        }
        Optional<RepairJournal> journal;
        try {
            // Read now: a journal that cannot be read stops start-up rather than lose the repairs it lists. A dry run
            // writes nothing and must not act on what a live run left either, so it does not open the journal.
            journal = config.safety().dryRun() ? Optional.empty() : Optional.of(RepairJournal.open(config.journal().file()));
        } catch (IOException e) {
            pool.close();
            observability.close();
            throw new StartupException("cannot use the repair journal (journal.file): " + e.getMessage(), e);
        }
        AuditLog audit;
        try {
            audit = AuditLog.open(config.audit());
        } catch (IOException e) {
            pool.close();
            observability.close();
            throw new StartupException("cannot open the audit sinks: " + e.getMessage(), e);
        }
        TokenRepository repository;
        TokenRefresh reloader;
        try {
            if (config.tokens().directory().isPresent()) {
                BridgeConfig.TokenDirectory subtree = config.tokens().directory().get();
                repository = new DirectoryTokens(pool, new DN(subtree.base()));
                List<StoredToken> initial = repository.read();
                tokens.replace(initial);
                reloader = TokenPoller.start(tokens, repository, subtree.refresh());
            } else {
                repository = TokenFile.at(config.tokenFile());
                reloader = TokenReloader.watch(tokens, TOKEN_DEBOUNCE);
            }
        } catch (IOException | LDAPException | RuntimeException e) {
            pool.close();
            audit.close();
            observability.close();
            throw new StartupException("cannot read or watch the tokens (" + config.tokens().file().map(Path::toString)
                    .orElseGet(() -> config.tokens().directory().get().base()) + "): " + e.getMessage(), e);
        }
        AutoCloseable lastUse = tokens.lastUsed().flushEvery(config.tokens().lastUsedFile(), config.tokens().lastUsedFlush());
        Optional<AdminServer> admin;
        try {
            TokenAdmin tokenAdmin = new TokenAdmin(repository, config.tokens().lastUsedFile(),
                    config.tokens().rotationOverlap(), Clock.systemUTC());
            admin = config.admin().map(a -> AdminServer.start(a, tokenAdmin, tokens, () -> reloader.reload("admin UI")));
        } catch (RuntimeException e) {
            pool.close();
            audit.close();
            observability.close();
            throw new StartupException("cannot start the admin listener on " + config.admin().get().host() + ":"
                    + config.admin().get().port() + ": " + e.getMessage(), e);
        }
        admin.ifPresent(a -> messages.println("scim-bridge: token management UI on http://" + config.admin().get().host() + ":"
                + a.port() + "/"));
        LdapDirectory live = new LdapDirectory(pool, features, config.paging().snapshotTtl(), config.directory().retryAfter(),
                config.paging().cursorConnections());
        LdapDirectory directory = config.safety().dryRun() ? live.dryRun(new DryRun(idAttributes(config))) : live;
        if (config.safety().dryRun()) {
            messages.println("scim-bridge: DRY RUN (dryRun: true): no change reaches the directory; ids of created resources"
                    + " are not stable");
        }
        observability.watch(pool, config.mapping()).auditSinkFailures(audit::sinkFailures);
        Repairs repairs = journal.map(j -> Repairs.of(j, audit, config.journal().retryMax())).orElseGet(Repairs::disabled);
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(directory, config.mapping(), tokens, audit,
                config.limits(), config.paging(), new BaseUrl(config.server().publicUrl()),
                config.directory().tls().encrypted(),
                observability, Safeguards.of(config.safety(), config.mapping()), repairs);
        // Close order: the admin UI, stop reloading, the last token uses, then (after the server stopped) the pool, then the
        // audit log; the metrics last.
        List<AutoCloseable> closing = new ArrayList<>();
        admin.ifPresent(closing::add);
        closing.addAll(List.of(reloader, lastUse, pool::close, audit));
        return new Started(BridgeServer.start(config.server().host(), config.server().port(), config.server().shutdownGrace(),
                tls, wiring, closing), reloader);
    }

    /** The listener's key and certificate, loaded before anything else starts: a bad key is a start-up error. */
    private static Optional<Tls> listenerTls(BridgeConfig.Server server) {
        try {
            return server.tls().map(ListenerTls::create);
        } catch (RuntimeException e) {
            throw new StartupException("cannot load the key and certificate of server.tls: " + e.getMessage(), e);
        }
    }

    private static Set<String> idAttributes(BridgeConfig config) {
        Set<String> ids = new HashSet<>(Set.of(config.mapping().users().idAttribute()));
        config.mapping().groups().ifPresent(groups -> ids.add(groups.idAttribute()));
        return ids;
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

    /**
     * The SIGTERM path of the appliance: tells systemd, stops the server gracefully and closes its resources. Progress
     * goes to {@code out} rather than java.util.logging, whose own shutdown hook may already have closed its handlers.
     */
    private static void stop(BridgeServer server, BridgeConfig config, SystemdNotify systemd, PrintStream out) {
        out.println("scim-bridge: stopping; requests in flight get up to " + config.server().shutdownGrace().toMillis()
                + " ms to finish");
        systemd.stopping();
        server.close();
        out.println("scim-bridge: stopped");
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl+C), then stops the server and closes its resources. */
    static void awaitShutdown(BridgeServer server) {
        awaitShutdown(server::close);
    }

    private static void awaitShutdown(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "scim-bridge-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
