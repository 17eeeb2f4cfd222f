package org.scimbridge.mapping.entry;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.unboundid.util.StaticUtils;

/**
 * LDAP generalizedTime (RFC 4517 section 3.3.13) to an instant, for {@code meta.created} and {@code meta.lastModified}
 * of every resource rendered. Directories write their operational timestamps in UTC as {@code YYYYMMDDHHMMSS[.f]Z}
 * (OpenLDAP with microseconds, ApacheDS and UnboundID with milliseconds, AD with {@code .0}, 389-DS without); that
 * form is read here directly, because the SDK's general decoder goes through {@code SimpleDateFormat} and showed up as
 * 5-15 % of the CPU samples of a member PATCH. Every other form (no minutes or seconds, offsets, what else the SDK accepts) goes to
 * the SDK. Instants are kept to the millisecond, as the SDK's {@code Date} keeps them.
 */
public final class GeneralizedTime {

    private GeneralizedTime() {
    }

    public static Optional<Instant> parse(String value) {
        Optional<Instant> utc = utcWithSeconds(value);
        if (utc.isPresent()) {
            return utc;
        }
        try {
            return Optional.of(StaticUtils.decodeGeneralizedTime(value).toInstant());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code YYYYMMDDHHMMSS[.f+]Z}, or empty when {@code value} has another form. */
    private static Optional<Instant> utcWithSeconds(String value) {
        int length = value.length();
        if (length < 15 || value.charAt(length - 1) != 'Z' || !digits(value, 0, 14)) {
            return Optional.empty();
        }
        int nanos = 0;
        if (length > 15) {
            if (value.charAt(14) != '.' || length > 25 || !digits(value, 15, length - 1) || length == 16) {
                return Optional.empty();
            }
            String fraction = value.substring(15, length - 1);
            nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
        }
        try {
            LocalDateTime time = LocalDateTime.of(number(value, 0, 4), number(value, 4, 6), number(value, 6, 8),
                    number(value, 8, 10), number(value, 10, 12), number(value, 12, 14), nanos);
            return Optional.of(time.toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        } catch (java.time.DateTimeException e) {
            return Optional.empty(); // month 13, second 61 (a leap second): let the SDK decide
        }
    }

    private static boolean digits(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + value.charAt(i) - '0';
        }
        return n;
    }
}
