package org.scimbridge.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig.Cap;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.mapping.config.ConfigException;

/** The {@code guards}, {@code protected} and {@code dryRun} keys of the bridge config. */
class SafetyConfigTest {

    @TempDir
    Path folder;

    private Safety load(String yaml) throws IOException {
        Path file = folder.resolve("bridge.yaml");
        Files.writeString(file, yaml);
        return BridgeConfigLoader.loadSafety(file);
    }

    @Test
    void readsCapsProtectedEntriesAndDryRun() throws IOException {
        Safety safety = load("""
                guards:
                  stateFile: state/guards.json
                  deletes: { max: 50, window: 10m, reset: manual }
                  memberRemovals: { max: 1000, window: 30s, reset: window }
                protected:
                  dns: [ "uid=root,ou=people,dc=example,dc=com" ]
                  subtrees: [ "ou=service,dc=example,dc=com" ]
                  groups: [ "cn=admins,ou=groups,dc=example,dc=com", "Domain Admins" ]
                dryRun: true
                """);

        assertEquals(new Cap(50, Duration.ofMinutes(10), Cap.Reset.MANUAL), safety.caps().get(GuardKind.DELETES));
        assertEquals(new Cap(1000, Duration.ofSeconds(30), Cap.Reset.WINDOW), safety.caps().get(GuardKind.MEMBER_REMOVALS));
        assertTrue(!safety.caps().containsKey(GuardKind.DEACTIVATIONS));
        assertEquals(folder.resolve("state/guards.json"), safety.stateFile());
        assertEquals("uid=root,ou=people,dc=example,dc=com", safety.protection().dns().getFirst().toString());
        assertEquals(List.of("cn=admins,ou=groups,dc=example,dc=com", "Domain Admins"), safety.protection().groups());
        assertTrue(safety.dryRun());
    }

    @Test
    void withoutTheKeysNothingIsGuardedProtectedOrDry() throws IOException {
        Safety safety = load("limits: { maxResults: 10 }\n");

        assertTrue(safety.caps().isEmpty() && safety.protection().isEmpty() && !safety.dryRun());
        assertEquals(Path.of("/var/lib/scim-bridge/guards.json"), safety.stateFile());
    }

    @Test
    void aCapWithoutMaxIsAnErrorNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("guards: { deletes: { window: 10m } }\n"));

        assertTrue(e.getMessage().contains("guards.deletes.max"), e.getMessage());
    }

    @Test
    void anUnknownResetIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("guards: { deletes: { max: 1, reset: never } }\n"));

        assertTrue(e.getMessage().contains("must be manual or window"), e.getMessage());
    }

    @Test
    void anUnknownGuardIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("guards: { creates: { max: 1 } }\n"));

        assertTrue(e.getMessage().contains("guards.creates"), e.getMessage());
    }

    @Test
    void aProtectedDnThatIsNoDnIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("protected: { subtrees: [ \"not a dn\" ] }\n"));

        assertTrue(e.getMessage().contains("protected.subtrees"), e.getMessage());
    }
}
