package org.scimbridge.bridge.auth;

import java.util.Set;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.scimbridge.mapping.config.ConfigException;
import org.scimbridge.mapping.config.YamlNode;

/**
 * The accepted bearer tokens, held only as SHA-256 hashes. Tokens are 256-bit random strings, so an unsalted hash is
 * enough to make a leaked token file useless; comparison is constant-time. A store loaded from a file can
 * {@link #reload()} it: the new list replaces the old one in one step, or not at all.
 */
public final class TokenStore {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<Path> source;
    /** Swapped whole on reload, so a request sees either the old list or the new one, never a mix. */
    private final AtomicReference<List<Token>> tokens;

    /** One accepted token: its name (audited, never the secret) and the hash of its secret. */
    public record Token(String name, byte[] sha256) {
    }

    private TokenStore(Optional<Path> source, List<Token> tokens) {
        this.source = source;
        this.tokens = new AtomicReference<>(List.copyOf(tokens));
    }

    public static TokenStore load(Path file) {
        return new TokenStore(Optional.of(file), read(file));
    }

    /**
     * Reads the file this store was loaded from again and replaces the tokens with its list; returns how many there are
     * now. A file that cannot be read or parsed throws {@link ConfigException} and leaves the current tokens in place.
     */
    public int reload() {
        Path file = source.orElseThrow(() -> new IllegalStateException("this token store was not loaded from a file"));
        List<Token> fresh = read(file);
        tokens.set(List.copyOf(fresh));
        return fresh.size();
    }

    /** The file this store was loaded from. */
    public Optional<Path> source() {
        return source;
    }

    /** How many tokens are accepted. */
    public int size() {
        return tokens.get().size();
    }

    private static List<Token> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot be read as YAML: " + e.getMessage());
        }
    }

    static List<Token> parse(String source, JsonNode tree) {
        YamlNode root = new YamlNode(source, "", tree);
        if (!root.isObject()) {
            throw root.error("must be a YAML map with a 'tokens' list");
        }
        root.rejectUnknownKeys(Set.of("tokens"));
        List<Token> tokens = new ArrayList<>();
        JsonNode list = tree.get("tokens");
        if (list == null || !list.isArray()) {
            throw root.get("tokens").error("must be a list of {name, sha256} entries");
        }
        for (int i = 0; i < list.size(); i++) {
            YamlNode entry = new YamlNode(source, "tokens[" + i + "]", list.get(i));
            entry.rejectUnknownKeys(Set.of("name", "sha256"));
            String hash = entry.get("sha256").text();
            if (!HEX_SHA256.matcher(hash).matches()) {
                throw entry.get("sha256").error("must be 64 hex digits: the SHA-256 of the token (printf %s TOKEN | sha256sum)");
            }
            tokens.add(new Token(entry.get("name").text(), HexFormat.of().parseHex(hash)));
        }
        return tokens;
    }

    /** A store holding exactly one token; used by the demo. */
    public static TokenStore of(String name, String secret) {
        return new TokenStore(Optional.empty(), List.of(new Token(name, sha256(secret))));
    }

    /** The token presented, if it matches one; every stored hash is compared so timing reveals nothing. */
    public Optional<String> authenticate(String presented) {
        byte[] hash = sha256(presented);
        String match = null;
        for (Token token : tokens.get()) {
            if (MessageDigest.isEqual(hash, token.sha256()) && match == null) {
                match = token.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /** A new random token: 32 bytes from SecureRandom, URL-safe Base64 without padding. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
