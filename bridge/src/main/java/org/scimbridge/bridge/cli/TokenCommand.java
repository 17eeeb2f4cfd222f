package org.scimbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.auth.DirectoryTokens;
import org.scimbridge.bridge.auth.LastUsed;
import org.scimbridge.bridge.auth.TokenAdmin;
import org.scimbridge.bridge.auth.TokenLifetime;
import org.scimbridge.bridge.auth.TokenFile;
import org.scimbridge.bridge.auth.TokenRepository;
import org.scimbridge.bridge.auth.TokenScopes;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.ldap.LdapPools;

/**
 * {@code scim-bridge token create|list|revoke|rotate|admin-secret}: manages the token file named in the bridge config
 * ({@code --config}, {@code /etc/scim-bridge/bridge.yaml} by default). Running bridges watch the file and apply each
 * change at once. Exit 0 on success, 1 when the operation is refused (unknown or duplicate name, file not writable),
 * 2 for usage and configuration errors.
 */
public final class TokenCommand {

    static final String DEFAULT_CONFIG = "/etc/scim-bridge/bridge.yaml";

    private TokenCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: scim-bridge token create|list|revoke|rotate|admin-secret ...");
        }
        String command = args[0];
        boolean named = command.equals("revoke") || command.equals("rotate");
        if (named && (args.length < 2 || args[1].startsWith("--"))) {
            throw new IllegalArgumentException("usage: scim-bridge token " + command + " NAME [--config FILE]");
        }
        Arguments options = Arguments.parse(Arrays.copyOfRange(args, named ? 2 : 1, args.length));
        if (command.equals("admin-secret")) {
            options.allow(Set.of());
            String secret = TokenStore.newSecret();
            out.println("admin secret (shown once; enter it on the admin login page): " + secret);
            out.println("bridge.yaml:  admin.credentialSha256: " + HexFormat.of().formatHex(TokenStore.sha256(secret)));
            return 0;
        }
        options.allow(command.equals("create") ? Set.of("config", "name", "scopes", "expires") : Set.of("config"));
        Path configFile = Path.of(options.value("config").orElse(DEFAULT_CONFIG));
        BridgeConfig.Tokens settings = BridgeConfigLoader.tokens(configFile);
        LDAPConnectionPool pool = null;
        TokenRepository repository;
        try {
            if (settings.directory().isPresent()) {
                // Tokens in the directory: connect as the bridge does, with the bind password from the full config.
                pool = LdapPools.create(BridgeConfigLoader.load(configFile).directory(), configFile.toString());
                repository = new DirectoryTokens(pool, new DN(settings.directory().get().base()));
            } else {
                repository = TokenFile.at(settings.file().orElseThrow());
            }
        } catch (LDAPException e) {
            if (pool != null) {
                pool.close();
            }
            err.println("scim-bridge: cannot connect to the directory holding the tokens: " + e.getResultCode() + " "
                    + e.getDiagnosticMessage());
            return 1;
        }
        try {
            return run(command, args, options, new TokenAdmin(repository, settings.lastUsedFile(), settings.rotationOverlap(),
                    clock), settings, out, err, clock);
        } catch (IOException e) {
            err.println("scim-bridge: cannot change the tokens in " + repository.describe() + ": " + e.getMessage());
            return 1;
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    private static int run(String command, String[] args, Arguments options, TokenAdmin admin, BridgeConfig.Tokens settings,
                           PrintStream out, PrintStream err, Clock clock) throws IOException {
        try {
            switch (command) {
                case "create" -> {
                    String secret = admin.create(options.required("name"), scopes(options.required("scopes")),
                            options.value("expires").map(TokenLifetime::parse));
                    out.println("token " + options.required("name") + " created; its secret, shown only now: " + secret);
                }
                case "list" -> list(admin.list(new LastUsed()), out);
                case "revoke" -> {
                    admin.revoke(args[1]);
                    out.println("token " + args[1] + " revoked; running bridges refuse it as soon as they see the file change");
                }
                case "rotate" -> {
                    String secret = admin.rotate(args[1]);
                    out.println("token " + args[1] + " rotated; its new secret, shown only now: " + secret);
                    out.println("the old secret stays valid until " + clock.instant().plus(settings.rotationOverlap())
                            .truncatedTo(ChronoUnit.SECONDS) + " (tokens.rotationOverlap)");
                }
                default -> throw new IllegalArgumentException("unknown token command '" + command
                        + "'; expected create, list, revoke, rotate or admin-secret");
            }
            return 0;
        } catch (TokenAdmin.TokenException e) {
            err.println("scim-bridge: " + e.getMessage());
            return 1;
        }
    }

    private static TokenScopes scopes(String text) {
        return TokenScopes.parse(text);
    }

    private static void list(List<TokenAdmin.Listing> tokens, PrintStream out) {
        String format = "%-24s %-20s %-20s %-20s %-20s %s%n";
        out.printf(format, "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "PREVIOUS SECRET UNTIL");
        for (TokenAdmin.Listing t : tokens) {
            out.printf(format, t.name(), t.scopes(), when(t.created()), when(t.expires()), when(t.lastUsed()),
                    when(t.previousValidUntil()));
        }
    }

    private static String when(Optional<Instant> instant) {
        return instant.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-");
    }
}
