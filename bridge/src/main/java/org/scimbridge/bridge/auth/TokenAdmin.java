package org.scimbridge.bridge.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token operations the command line and the admin UI share: create, list, revoke, rotate. Each change goes to the
 * token store in one update (the file: rewritten atomically under its lock; the directory: one entry added, changed or
 * deleted); every bridge applies it when it next reads the store. A new secret is returned once and never stored.
 */
public final class TokenAdmin {

    private final TokenRepository repository;
    private final Path lastUsedFile;
    private final Duration rotationOverlap;
    private final Clock clock;

    public TokenAdmin(TokenRepository repository, Path lastUsedFile, Duration rotationOverlap, Clock clock) {
        this.repository = repository;
        this.lastUsedFile = lastUsedFile;
        this.rotationOverlap = rotationOverlap;
        this.clock = clock;
    }

    /** A token as listed: everything but hashes. */
    public record Listing(String name, TokenScopes scopes, Optional<Instant> created, Optional<Instant> expires,
                          Optional<Instant> lastUsed, Optional<Instant> previousValidUntil) {
    }

    /** A refused operation: unknown or duplicate name, bad scopes; the message says which. */
    public static final class TokenException extends RuntimeException {
        public TokenException(String message) {
            super(message);
        }
    }

    /** Creates a token and returns its secret, the only time it is shown. */
    public String create(String name, TokenScopes scopes, Optional<Duration> lifetime) throws IOException {
        String secret = TokenStore.newSecret();
        Instant now = clock.instant();
        StoredToken token;
        try {
            token = StoredToken.create(name, secret, scopes, now, lifetime.map(now::plus));
        } catch (IllegalArgumentException e) {
            throw new TokenException(e.getMessage());
        }
        repository.update(tokens -> {
            if (tokens.stream().anyMatch(t -> t.name().equals(name))) {
                throw new TokenException("a token named '" + name + "' exists already; revoke or rotate it");
            }
            tokens.add(token);
            return tokens;
        });
        return secret;
    }

    /** Removes the token; its secrets (current and previous) stop working. */
    public void revoke(String name) throws IOException {
        repository.update(tokens -> {
            if (!tokens.removeIf(t -> t.name().equals(name))) {
                throw unknown(name);
            }
            return tokens;
        });
    }

    /** Gives the token a new secret, returned once; the old one stays valid for the rotation overlap. */
    public String rotate(String name) throws IOException {
        String secret = TokenStore.newSecret();
        Instant overlapEnd = clock.instant().plus(rotationOverlap);
        repository.update(tokens -> {
            int index = indexOf(tokens, name);
            tokens.set(index, tokens.get(index).rotate(secret, overlapEnd));
            return tokens;
        });
        return secret;
    }

    /** The tokens in the file, in file order, with their last use from the state file and {@code inMemory}. */
    public List<Listing> list(LastUsed inMemory) throws IOException {
        Map<String, Instant> recorded = LastUsed.read(lastUsedFile);
        Instant now = clock.instant();
        List<Listing> listing = new ArrayList<>();
        for (StoredToken t : repository.read()) {
            listing.add(new Listing(t.name(), t.scopes(), t.created(), t.expires(), inMemory.of(t.name(), recorded),
                    t.inOverlap(now) ? t.previousUntil() : Optional.empty()));
        }
        return listing;
    }

    public Duration rotationOverlap() {
        return rotationOverlap;
    }

    private static int indexOf(List<StoredToken> tokens, String name) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).name().equals(name)) {
                return i;
            }
        }
        throw unknown(name);
    }

    private static TokenException unknown(String name) {
        return new TokenException("no token named '" + name + "'");
    }
}
