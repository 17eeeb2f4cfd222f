package org.scimbridge.mapping.entry;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
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

    /**
     * {@code value} as SCIM's xsd:dateTime (RFC 7643 section 2.3.5), exactly as {@link Instant#toString()} writes the
     * parsed instant ({@code 2026-11-30T09:37:21Z}, {@code 2026-11-30T09:37:21.123Z}), but written here: the JDK's ISO
     * formatter was half of the time {@code meta} took to render (JFR, bench/directory lookups).
     */
    public static Optional<String> iso(String value) {
        String copied = copiedIso(value);
        return copied != null ? Optional.of(copied) : parse(value).map(GeneralizedTime::iso);
    }

    /**
     * The common form, {@code YYYYMMDDHHMMSS[.f+]Z} with a real date and time, rewritten character by character (two
     * per user of every page rendered, so no Instant in between); {@code null} for anything else, which is parsed.
     */
    private static String copiedIso(String value) {
        int length = value.length();
        if (length < 15 || value.charAt(length - 1) != 'Z' || !digits(value, 0, 14)) {
            return null;
        }
        int millis = 0;
        if (length > 15) {
            if (value.charAt(14) != '.' || length == 16 || length > 25 || !digits(value, 15, length - 1)) {
                return null;
            }
            for (int i = 15; i < 18; i++) {
                millis = millis * 10 + (i < length - 1 ? value.charAt(i) - '0' : 0); // truncated to the millisecond
            }
        }
        int month = number(value, 4, 6);
        int day = number(value, 6, 8);
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(number(value, 0, 4)))
                || number(value, 8, 10) > 23 || number(value, 10, 12) > 59 || number(value, 12, 14) > 59) {
            return null;
        }
        StringBuilder out = new StringBuilder(24).append(value, 0, 4).append('-').append(value, 4, 6).append('-')
                .append(value, 6, 8).append('T').append(value, 8, 10).append(':').append(value, 10, 12).append(':')
                .append(value, 12, 14);
        if (millis != 0) {
            pad(out.append('.'), millis, 3);
        }
        return out.append('Z').toString();
    }

    /** {@code instant}, kept to the millisecond by {@link #parse}, as {@link Instant#toString()} writes it. */
    private static String iso(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return instant.toString(); // Instant.toString's signed and expanded years
        }
        StringBuilder out = new StringBuilder(24);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        if (t.getNano() != 0) {
            pad(out.append('.'), t.getNano() / 1_000_000, 3); // whole milliseconds: ISO_INSTANT's first group of three
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
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
