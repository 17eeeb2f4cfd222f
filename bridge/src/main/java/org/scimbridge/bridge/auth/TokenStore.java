package org.scimbridge.bridge.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.scimbridge.mapping.config.ConfigException;

/**
 * The accepted bearer tokens, held only as SHA-256 hashes. Secrets are 256-bit random strings made by
 * {@link #newSecret()}: nobody can guess or brute-force such a secret from its hash, so a slow password hash (bcrypt,
 * PBKDF2) would add nothing but cost on every request; slow hashes protect low-entropy human passwords. Comparison is
 * constant-time against every stored hash. A store loaded from a file can {@link #reload()} it: the new list replaces
 * the old one in one step, or not at all.
 */
public final class TokenStore {

    private static final MessageDigest SHA_256 = sha256Prototype();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<Path> source;
    private final Clock clock;
    /** Swapped whole on reload, so a request sees either the old list or the new one, never a mix. */
    private final AtomicReference<List<StoredToken>> tokens;
    private final LastUsed lastUsed = new LastUsed();

    /** The outcome of checking a presented secret. */
    public sealed interface Authentication {
    }

    /** The secret belongs to this token, which has not expired. */
    public record Valid(StoredToken token) implements Authentication {
    }

    /** The secret belongs to this token, whose expiry (or the overlap of its previous secret) has passed. */
    public record Expired(String name) implements Authentication {
    }

    /** No token has this secret: never issued, revoked, or mistyped. */
    public record Unknown() implements Authentication {
    }

    private TokenStore(Optional<Path> source, List<StoredToken> tokens, Clock clock) {
        this.source = source;
        this.clock = clock;
        this.tokens = new AtomicReference<>(List.copyOf(tokens));
    }

    public static TokenStore load(Path file) {
        return load(file, Clock.systemUTC());
    }

    public static TokenStore load(Path file, Clock clock) {
        return new TokenStore(Optional.of(file), TokenFile.read(file), clock);
    }

    /** A store holding exactly one token with every scope; used by the demo and tests. */
    public static TokenStore of(String name, String secret) {
        return of(List.of(StoredToken.legacy(name, sha256(secret))), Clock.systemUTC());
    }

    /** A store holding these tokens, not backed by a file. */
    public static TokenStore of(List<StoredToken> tokens, Clock clock) {
        return new TokenStore(Optional.empty(), tokens, clock);
    }

    /**
     * Reads the file this store was loaded from again and replaces the tokens with its list; returns how many there are
     * now. A file that cannot be read or parsed throws {@link ConfigException} and leaves the current tokens in place.
     */
    public int reload() {
        Path file = source.orElseThrow(() -> new IllegalStateException("this token store was not loaded from a file"));
        List<StoredToken> fresh = TokenFile.read(file);
        tokens.set(List.copyOf(fresh));
        return fresh.size();
    }

    /** Replaces the tokens in one step; used when they come from the directory rather than a file. */
    public void replace(List<StoredToken> fresh) {
        tokens.set(List.copyOf(fresh));
    }

    /** The file this store was loaded from. */
    public Optional<Path> source() {
        return source;
    }

    /** How many tokens are accepted. */
    public int size() {
        return tokens.get().size();
    }

    /** The tokens in use, without secrets (they are not known) but with their hashes. */
    public List<StoredToken> tokens() {
        return tokens.get();
    }

    /** When each token was last accepted by this instance. */
    public LastUsed lastUsed() {
        return lastUsed;
    }

    /** The name of the valid, unexpired token with this secret; see {@link #check(String)}. */
    public Optional<String> authenticate(String presented) {
        return check(presented) instanceof Valid valid ? Optional.of(valid.token().name()) : Optional.empty();
    }

    /**
     * Checks a presented secret against every current and previous hash; all are compared whatever matches, so timing
     * reveals nothing about which entry matched or how far. A valid match is recorded as the token's last use.
     */
    public Authentication check(String presented) {
        byte[] hash = sha256(presented);
        Instant now = clock.instant();
        StoredToken current = null;
        StoredToken previous = null;
        for (StoredToken token : tokens.get()) {
            boolean currentMatch = MessageDigest.isEqual(hash, token.sha256());
            boolean previousMatch = token.previousSha256().map(p -> MessageDigest.isEqual(hash, p)).orElse(false);
            if (currentMatch && current == null) {
                current = token;
            }
            if (previousMatch && previous == null) {
                previous = token;
            }
        }
        if (current != null) {
            return accept(current, !current.expiredAt(now), now);
        }
        if (previous != null) {
            return accept(previous, previous.inOverlap(now) && !previous.expiredAt(now), now);
        }
        return new Unknown();
    }

    private Authentication accept(StoredToken token, boolean valid, Instant now) {
        if (!valid) {
            return new Expired(token.name());
        }
        lastUsed.record(token.name(), now);
        return new Valid(token);
    }

    /** A new random token: 32 bytes from SecureRandom, URL-safe Base64 without padding. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Runs on every request: a clone of one digest skips the provider lookup of {@code MessageDigest.getInstance}. */
    public static byte[] sha256(String secret) {
        try {
            return ((MessageDigest) SHA_256.clone()).digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
