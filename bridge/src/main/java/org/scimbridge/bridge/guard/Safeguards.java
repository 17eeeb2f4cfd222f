package org.scimbridge.bridge.guard;

import java.time.Clock;
import java.util.Optional;

import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.ResourceMapping;

/** The guards and the protected entries of one bridge, as the write paths consult them. */
public record Safeguards(Guards guards, Protection protection) {

    /** Nothing capped, nothing protected. */
    public static Safeguards none() {
        return of(Safety.NONE, Optional.empty());
    }

    public static Safeguards of(Safety safety, MappingConfig mapping) {
        return of(safety, mapping.groups());
    }

    private static Safeguards of(Safety safety, Optional<ResourceMapping> groups) {
        return new Safeguards(new Guards(safety.caps(), new GuardState(safety.stateFile()), Clock.systemUTC()),
                new Protection(safety.protection(), groups));
    }
}
