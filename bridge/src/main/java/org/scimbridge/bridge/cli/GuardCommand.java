package org.scimbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.guard.GuardState;
import org.scimbridge.bridge.guard.Guards;

/**
 * {@code scim-bridge guard status|reset [--config FILE] [KIND]}: shows or acknowledges the blast-radius guards of the
 * bridge configured in FILE. It works on the guards' state file ({@code guards.stateFile}), which the running bridge
 * reads at every destructive write: a reset takes effect at once, without a restart or a signal.
 */
public final class GuardCommand {

    static final String DEFAULT_CONFIG = "/etc/scim-bridge/bridge.yaml";
    private static final String USAGE =
            "usage: scim-bridge guard status|reset [--config FILE] [deactivations|deletes|memberRemovals]";

    private GuardCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !List.of("status", "reset").contains(args[0])) {
            throw new IllegalArgumentException(USAGE);
        }
        Path config = Path.of(DEFAULT_CONFIG);
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                config = Path.of(args[i].substring("--config=".length()));
            } else {
                rest.add(args[i]);
            }
        }
        if (rest.size() > 1 || args[0].equals("status") && !rest.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        Optional<GuardKind> kind = rest.stream().findFirst().map(name -> GuardKind.of(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown guard '" + name + "'; " + USAGE)));
        Safety safety = BridgeConfigLoader.loadSafety(config);
        if (kind.isPresent() && !safety.caps().containsKey(kind.get())) {
            err.println("scim-bridge: " + config + " sets no cap for " + kind.get().key());
            return 2;
        }
        Guards guards = new Guards(safety.caps(), new GuardState(safety.stateFile()), Clock.systemUTC());
        try {
            if (args[0].equals("reset")) {
                guards.reset(kind);
                out.println("scim-bridge: guard " + kind.map(GuardKind::key).orElse("counts") + " reset in " + safety.stateFile()
                        + "; the running bridge admits changes again at once");
            }
            if (safety.caps().isEmpty()) {
                out.println("no guards configured in " + config);
            }
            guards.status().forEach(out::println);
            return 0;
        } catch (IOException e) {
            err.println("scim-bridge: cannot use the guard state file " + safety.stateFile() + ": " + e.getMessage());
            return 1;
        }
    }
}
