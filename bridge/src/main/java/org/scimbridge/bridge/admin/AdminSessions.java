package org.scimbridge.bridge.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.scimbridge.bridge.auth.TokenStore;

/**
 * Login sessions of the admin UI, in memory (a restart logs everyone out, which is fine for a page used now and then).
 * The cookie carries a random 256-bit id; the map holds only its SHA-256, like the token file. Each session has its
 * own CSRF token (the synchronizer token pattern), which every form carries in a hidden field.
 */
final class AdminSessions {

    /** One logged-in browser. */
    record Session(String csrfToken, Instant lastSeen) {
    }

    /** A new session: the cookie value to hand out and its CSRF token. */
    record Started(String cookie, String csrfToken) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    AdminSessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    Started start() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.lastSeen().plus(idle).isBefore(now));
        String cookie = TokenStore.newSecret();
        String csrf = TokenStore.newSecret();
        sessions.put(key(cookie), new Session(csrf, now));
        return new Started(cookie, csrf);
    }

    /** The live session for this cookie value, its idle time restarted; empty when unknown or idle too long. */
    Optional<Session> find(String cookie) {
        String key = key(cookie);
        Instant now = clock.instant();
        Session session = sessions.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (session.lastSeen().plus(idle).isBefore(now)) {
            sessions.remove(key);
            return Optional.empty();
        }
        Session touched = new Session(session.csrfToken(), now);
        sessions.put(key, touched);
        return Optional.of(touched);
    }

    void end(String cookie) {
        sessions.remove(key(cookie));
    }

    private static String key(String cookie) {
        return HexFormat.of().formatHex(TokenStore.sha256(cookie));
    }
}
