package org.scimbridge.bridge.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.Main;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;

/**
 * A bridge on the embedded demo directory whose tokens come from a watched token file in a temporary folder, with a
 * bridge config beside it naming that file, so tests can drive {@code scim-bridge token ...} against the running bridge.
 * Audit records are kept in memory.
 */
public final class TokenBridge implements AutoCloseable {

    private final DemoDirectory directory;
    private final BridgeHarness harness;
    private final TokenStore store;
    private final TokenReloader reloader;
    private final Path config;
    private final ByteArrayOutputStream audit;

    private TokenBridge(DemoDirectory directory, BridgeHarness harness, TokenStore store, TokenReloader reloader, Path config,
                        ByteArrayOutputStream audit) {
        this.directory = directory;
        this.harness = harness;
        this.store = store;
        this.reloader = reloader;
        this.config = config;
        this.audit = audit;
    }

    /** Starts with an empty token file; {@code rotationOverlap} as in bridge.yaml, e.g. {@code 24h} or {@code 0s}. */
    public static TokenBridge start(Path folder, String rotationOverlap) throws IOException, LDAPException {
        Path tokens = Files.writeString(folder.resolve("tokens.yaml"), "tokens: []\n");
        Path config = Files.writeString(folder.resolve("bridge.yaml"), "tokens:\n  file: tokens.yaml\n  rotationOverlap: "
                + rotationOverlap + "\n");
        TokenStore store = TokenStore.load(tokens);
        TokenReloader reloader = TokenReloader.watch(store, Duration.ofMillis(50));
        DemoDirectory directory = DemoDirectory.start();
        LDAPConnectionPool pool = directory.pool(2);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        AuditLog auditLog = new AuditLog(List.of(records), Clock.systemUTC());
        BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, DirectoryFeatures.detect(pool)),
                DemoDirectory.mapping(), store, auditLog, new Limits(BridgeHarness.MAX_PAYLOAD, 500), Paging.defaults(),
                new BaseUrl(Optional.empty()));
        BridgeServer server = BridgeServer.start("127.0.0.1", 0, wiring, List.of(reloader, pool::close, auditLog));
        return new TokenBridge(directory, new BridgeHarness(server, directory.server(), DemoDirectory.mapping()), store,
                reloader, config, records);
    }

    /** Runs {@code scim-bridge token ARGS --config <this bridge's config>}; returns its exit code and standard output. */
    public Cli token(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "token";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--config";
        full[args.length + 2] = config.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(full, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What a CLI run printed. */
    public record Cli(int code, String out, String err) {
        /** The secret the command printed once: the last word of the line that announces it. */
        public String secret() {
            return out.lines().filter(l -> l.contains("shown only now: ")).findFirst()
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).orElseThrow(() -> new AssertionError("no secret in " + out));
        }
    }

    /** GET {@code path} with {@code Authorization: Bearer secret}. */
    public BridgeHarness.Response get(String path, String secret) {
        return harness.send("GET", path, null, null, "Bearer " + secret);
    }

    /** GET {@code path} without an Authorization header. */
    public BridgeHarness.Response anonymous(String path) {
        return harness.send("GET", path, null, null, null);
    }

    public BridgeHarness.Response send(String method, String path, String body, String secret) {
        return harness.send(method, path, body, "application/scim+json", "Bearer " + secret);
    }

    /** Polls (every 20 ms, up to 10 s) until the condition holds; fails naming it otherwise. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public TokenStore store() {
        return store;
    }

    public TokenReloader reloader() {
        return reloader;
    }

    public Path config() {
        return config;
    }

    public String baseUrl() {
        return harness.baseUrl();
    }

    /** The audit records written so far, one per line. */
    public List<String> auditRecords() {
        return audit.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        harness.close();
        directory.close();
    }
}
