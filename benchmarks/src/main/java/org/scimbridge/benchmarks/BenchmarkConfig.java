package org.scimbridge.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;

/**
 * Finds the repository's {@code config/openldap.yaml}, the mapping the demo and the unit tests use, so that the benchmarks
 * measure the mapping users actually start from.
 *
 * <p>The directory is the {@code config.dir} system property when set; otherwise {@code ../config} (run from
 * {@code benchmarks/}) and then {@code config} (run from the repository root) relative to the working directory. JMH's
 * forked JVMs inherit the working directory and the host's {@code -D} options, so both ways reach the fork.
 */
final class BenchmarkConfig {

    static final String CONFIG_DIR_PROPERTY = "config.dir";
    static final String MAPPING_FILE = "openldap.yaml";

    private BenchmarkConfig() {
    }

    /** The users mapping of {@code openldap.yaml}. */
    static ResourceMapping users() {
        return MappingLoader.load(mappingFile()).users();
    }

    static Path mappingFile() {
        String configured = System.getProperty(CONFIG_DIR_PROPERTY);
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured, MAPPING_FILE));
        } else {
            candidates.add(Path.of("..", "config", MAPPING_FILE));
            candidates.add(Path.of("config", MAPPING_FILE));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + MAPPING_FILE + ": tried " + candidates.stream()
                .map(p -> p.toAbsolutePath().normalize().toString()).toList() + " from " + Path.of("").toAbsolutePath()
                + "; run from the repository root or pass -D" + CONFIG_DIR_PROPERTY + "=<repository>/config");
    }
}
