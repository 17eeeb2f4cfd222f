package org.scimbridge.bridge.auth;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A token lifetime as the command line and the admin UI take it: {@code 90d}, {@code 12h} or {@code 30m}. */
public final class TokenLifetime {

    private static final Pattern LIFETIME = Pattern.compile("(\\d{1,5})([dhm])");

    private TokenLifetime() {
    }

    /** Parses a positive lifetime; anything else is an {@link IllegalArgumentException} saying what is expected. */
    public static Duration parse(String text) {
        Matcher m = LIFETIME.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("the lifetime must be such as 90d, 12h or 30m, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
