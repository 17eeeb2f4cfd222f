package org.scimbridge.bridge.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the token file: never the secret, only its SHA-256. After a rotation the previous secret's hash stays
 * valid until {@code previousUntil}, so the IdP can be switched over without a gap.
 *
 * @param name           shown in audit records and listings; letters, digits, dot, dash, underscore
 * @param sha256         hash of the current secret
 * @param scopes         what requests it may make
 * @param created        when it was created; empty for entries written by hand
 * @param expires        after this instant it is refused with 401; never when empty
 * @param previousSha256 hash of the secret before the last rotation
 * @param previousUntil  until when that previous secret is still accepted
 */
public record StoredToken(String name, byte[] sha256, TokenScopes scopes, Optional<Instant> created, Optional<Instant> expires,
                          Optional<byte[]> previousSha256, Optional<Instant> previousUntil) {

    /** Names end up in audit records (RFC 5424 structured data), HTML and file names: keep them plain. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public StoredToken {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be 1 to 64 letters, digits, '.', '-' or '_',"
                    + " starting with a letter or digit");
        }
        if (previousSha256.isPresent() != previousUntil.isPresent()) {
            throw new IllegalArgumentException("a previous secret needs the instant it stops being valid, and only then");
        }
    }

    /** A token as the old file format described it: all scopes, no dates. */
    public static StoredToken legacy(String name, byte[] sha256) {
        return new StoredToken(name, sha256, TokenScopes.ALL, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A fresh token for {@code secret}. */
    public static StoredToken create(String name, String secret, TokenScopes scopes, Instant now, Optional<Instant> expires) {
        return new StoredToken(name, TokenStore.sha256(secret), scopes, Optional.of(now), expires, Optional.empty(),
                Optional.empty());
    }

    /** This token with {@code secret} as its new secret; the current one stays valid until {@code overlapEnd}. */
    public StoredToken rotate(String secret, Instant overlapEnd) {
        return new StoredToken(name, TokenStore.sha256(secret), scopes, created, expires, Optional.of(sha256),
                Optional.of(overlapEnd));
    }

    public boolean expiredAt(Instant now) {
        return expires.isPresent() && !now.isBefore(expires.get());
    }

    /** Whether the previous secret is still accepted at {@code now}. */
    public boolean inOverlap(Instant now) {
        return previousUntil.isPresent() && now.isBefore(previousUntil.get());
    }
}
