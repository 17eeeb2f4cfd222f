package org.scimbridge.bridge.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds RFC 5424 messages: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID name="value" ...]}, with no
 * MSG part (section 6). Field limits of section 6 are enforced here so that every sink and receiver gets a valid record.
 */
final class SyslogFormat {

    /** Structured-data id: "scim" under the documentation enterprise number 32473 (RFC 5612). */
    static final String SD_ID = "scim@32473";
    static final String APP_NAME = "scim-bridge";
    /** facility 13, "log audit" (RFC 5424 table 1). */
    static final int FACILITY = 13;
    /** A parameter value longer than this (a client-chosen path or id) is cut, so one record stays well under 8 KiB. */
    static final int MAX_VALUE_CHARS = 512;

    private final StringBuilder text = new StringBuilder(512);

    /**
     * @param severity RFC 5424 table 2: 6 informational for successes, 4 warning for failures
     * @param msgId    the operation, e.g. {@code POST-User} or {@code AUTH-FAIL}
     */
    SyslogFormat(int severity, Instant timestamp, String host, long pid, String msgId) {
        // TIME-SECFRAC has at most six digits (section 6.2.3); Instant would print nine.
        text.append('<').append(FACILITY * 8 + severity).append(">1 ").append(timestamp.truncatedTo(ChronoUnit.MICROS))
                .append(' ').append(headerField(host, 255)).append(' ').append(APP_NAME).append(' ').append(pid)
                .append(' ').append(headerField(msgId, 32)).append(" [").append(SD_ID);
    }

    /** Adds {@code name="value"}, the value escaped as section 6.3.3 requires and control characters replaced. */
    SyslogFormat param(String name, String value) {
        text.append(' ').append(name).append("=\"");
        int length = Math.min(value.length(), MAX_VALUE_CHARS);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                text.append('\\');
            }
            // A line break would split the record in files and journald; the value is a name, never free text.
            text.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (value.length() > MAX_VALUE_CHARS) {
            text.append("...");
        }
        text.append('"');
        return this;
    }

    /** The message without the closing bracket of the structured data, for the hash chain to add its parameters. */
    String open() {
        return text.toString();
    }

    /** The finished message. */
    String close() {
        return text + "]";
    }

    /** HOSTNAME and MSGID are PRINTUSASCII without spaces (section 6.2.4, 6.2.7); "-" is the nil value. */
    static String headerField(String value, int maxLength) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
        for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
            char c = value.charAt(i);
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.isEmpty() ? "-" : out.toString();
    }
}
