package org.scimbridge.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The mapping module is a pure library (ARCHITECTURE.md section 1): it may use the LDAP SDK's data types but never a
 * connection, and nothing of HTTP or sockets. A mention anywhere in a source file, comments included, counts.
 */
class MappingPurityTest {

    private static final Path SOURCES = Path.of(System.getProperty("mapping.sources", "src/main/java"));
    private static final List<String> FORBIDDEN = List.of("LDAPConnection", "LDAPInterface", "LDAPConnectionPool",
            "io.helidon.webserver", "java.net.Socket", "java.net.http");

    private static List<Path> sourceFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void sourcesAreFound() throws IOException {
        assertFalse(sourceFiles().isEmpty(), "no Java sources under " + SOURCES.toAbsolutePath());
    }

    @Test
    void noSourceFileMentionsConnectionsHttpOrSockets() throws IOException {
        List<String> offenders = sourceFiles().stream()
                .flatMap(file -> FORBIDDEN.stream().filter(read(file)::contains)
                        .map(name -> SOURCES.relativize(file) + ": " + name))
                .toList();

        assertEquals(List.of(), offenders, "the mapping module must stay free of I/O");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
