package org.scimbridge.bridge;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import io.helidon.logging.common.LogConfig;

import org.scimbridge.bridge.cli.Arguments;
import org.scimbridge.bridge.cli.AuditCommand;
import org.scimbridge.bridge.cli.CheckCommand;
import org.scimbridge.bridge.cli.DemoCommand;
import org.scimbridge.bridge.cli.GuardCommand;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.cli.TokenCommand;
import org.scimbridge.mapping.config.ConfigException;

/** Command line entry point: {@code scim-bridge serve|check|demo|token|guard|audit ...}. */
public final class Main {

    static final String USAGE = """
            usage: scim-bridge <command> [options]

              serve --config FILE              run the bridge against the directory named in FILE
              check --config FILE              check the mapping against the directory; exit 1 when they disagree
              demo [--port N] [--token T]      run the bridge on an embedded demo directory (loopback only)
              token create --name N --scopes read,write[,Users|Groups] [--expires 90d] [--config FILE]
                                               add a token; prints its secret once, stores only its hash
              token list [--config FILE]       name, scopes, created, expires, last used (never hashes)
              token revoke NAME [--config FILE]
              token rotate NAME [--config FILE]
                                               new secret printed once; the old one stays valid for
                                               tokens.rotationOverlap
              token admin-secret               a new secret for the admin UI and the hash for admin.credentialSha256
              guard status|reset [--config FILE] [KIND]
                                               show or acknowledge the blast-radius guards (KIND: deactivations,
                                               deletes or memberRemovals; reset without KIND resets all)
              audit verify FILE                check an audit file's hash chain; exit 1 naming the first altered,
                                               removed or reordered record
            """;

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime(); // logging.properties: one line per record, Helidon and the SDK at WARNING
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (long-running commands return only on failure to start). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            if (args[0].equals("audit")) {
                return AuditCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            if (args[0].equals("token")) {
                return TokenCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            if (args[0].equals("guard")) {
                return GuardCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            Arguments arguments = Arguments.parse(Arrays.copyOfRange(args, 1, args.length));
            return switch (args[0]) {
                case "serve" -> ServeCommand.run(arguments, out, err);
                case "check" -> CheckCommand.run(arguments, out, err);
                case "demo" -> DemoCommand.run(arguments, out, err);
                default -> {
                    err.print("scim-bridge: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (ConfigException e) {
            err.println("scim-bridge: configuration error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("scim-bridge: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }
}
