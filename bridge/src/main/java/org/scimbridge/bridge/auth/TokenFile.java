package org.scimbridge.bridge.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.scimbridge.mapping.config.ConfigException;
import org.scimbridge.mapping.config.YamlNode;

/**
 * The token file: read, and rewritten whole by the command line and the admin UI. A rewrite goes to a temporary file in
 * the same folder that is renamed over the old one, so every bridge watching the file reads either the old list or the
 * new one; it keeps the old file's owner, group and mode (0600 for a new file), so a rewrite by root stays readable by
 * the service. Writers take an exclusive lock on a sibling {@code .lock} file, so a revocation from the CLI and a
 * creation in the UI at the same moment do not lose one of them. Comments in a hand-written file are not kept.
 */
public final class TokenFile {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> KEYS = Set.of("name", "sha256", "scopes", "created", "expires", "previousSha256",
            "previousUntil");
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

    private TokenFile() {
    }

    /** The token file at {@code file} as a {@link TokenRepository}. */
    public static TokenRepository at(Path file) {
        return new TokenRepository() {
            @Override
            public List<StoredToken> read() {
                return TokenFile.read(file);
            }

            @Override
            public List<StoredToken> update(UnaryOperator<List<StoredToken>> change) throws IOException {
                return TokenFile.update(file, change);
            }

            @Override
            public String describe() {
                return file.toString();
            }
        };
    }

    /** Reads the tokens; a file that cannot be read or parsed throws {@link ConfigException} naming the entry and key. */
    public static List<StoredToken> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), YAML.readTree(in));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot be read as YAML: " + e.getMessage());
        }
    }

    static List<StoredToken> parse(String source, JsonNode tree) {
        YamlNode root = new YamlNode(source, "", tree);
        if (tree == null || !root.isObject()) {
            throw root.error("must be a YAML map with a 'tokens' list");
        }
        root.rejectUnknownKeys(Set.of("tokens"));
        JsonNode list = tree.get("tokens");
        if (list == null || !list.isArray()) {
            throw root.get("tokens").error("must be a list of {name, sha256} entries");
        }
        List<StoredToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            YamlNode entry = new YamlNode(source, "tokens[" + i + "]", list.get(i));
            entry.rejectUnknownKeys(KEYS);
            String name = entry.get("name").text();
            if (!names.add(name)) {
                throw entry.get("name").error("'" + name + "' is used by an earlier entry; names must be unique");
            }
            Optional<byte[]> previous = entry.get("previousSha256").isMissing() ? Optional.empty()
                    : Optional.of(hash(entry.get("previousSha256")));
            try {
                tokens.add(new StoredToken(name, hash(entry.get("sha256")), scopes(entry.get("scopes")),
                        instant(entry.get("created")), instant(entry.get("expires")), previous,
                        instant(entry.get("previousUntil"))));
            } catch (IllegalArgumentException e) {
                throw entry.error(e.getMessage());
            }
        }
        return tokens;
    }

    private static byte[] hash(YamlNode node) {
        String hash = node.text();
        if (!HEX_SHA256.matcher(hash).matches()) {
            throw node.error("must be 64 hex digits: the SHA-256 of the token (printf %s TOKEN | sha256sum)");
        }
        return HexFormat.of().parseHex(hash);
    }

    private static TokenScopes scopes(YamlNode node) {
        if (node.isMissing()) {
            return TokenScopes.ALL;
        }
        try {
            return TokenScopes.parse(node.textList());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static Optional<Instant> instant(YamlNode node) {
        if (node.isMissing()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.text()));
        } catch (DateTimeParseException e) {
            throw node.error("must be an ISO-8601 instant such as 2027-02-28T12:00:00Z");
        }
    }

    /**
     * Applies {@code change} to the tokens in the file under the writers' lock and writes the result atomically; returns
     * the new list. A missing file counts as an empty list.
     */
    public static List<StoredToken> update(Path file, UnaryOperator<List<StoredToken>> change) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            List<StoredToken> current = Files.exists(file) ? read(file) : List.of();
            List<StoredToken> changed = List.copyOf(change.apply(new ArrayList<>(current)));
            write(file, changed);
            return changed;
        }
    }

    /** Writes {@code tokens} to {@code file} through a temporary file and a rename. */
    static void write(Path file, List<StoredToken> tokens) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, render(tokens));
            if (Files.exists(target)) {
                copyOwnership(target, temp);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Mode first, then group and owner: changing the owner needs root, and a non-root writer owns the file anyway. */
    private static void copyOwnership(Path from, Path to) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        view.setPermissions(attributes.permissions());
        try {
            view.setGroup(attributes.group());
            view.setOwner(attributes.owner());
        } catch (IOException e) {
            // Not root: the file stays the writer's, who could read and write the old one, with its group if allowed.
        }
    }

    /** One token as the map the file (and a directory entry's JSON) holds, in a fixed key order. */
    static Map<String, Object> fields(StoredToken token) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", token.name());
        entry.put("sha256", HexFormat.of().formatHex(token.sha256()));
        entry.put("scopes", token.scopes().words());
        token.created().ifPresent(c -> entry.put("created", c.toString()));
        token.expires().ifPresent(e -> entry.put("expires", e.toString()));
        token.previousSha256().ifPresent(p -> entry.put("previousSha256", HexFormat.of().formatHex(p)));
        token.previousUntil().ifPresent(u -> entry.put("previousUntil", u.toString()));
        return entry;
    }

    static String render(List<StoredToken> tokens) throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (StoredToken token : tokens) {
            entries.add(fields(token));
        }
        return "# Written by scim-bridge token ...; every bridge watching this file applies changes at once.\n"
                + "# Only SHA-256 hashes of the secrets are stored here.\n" + YAML.writeValueAsString(Map.of("tokens", entries));
    }
}
