package org.scimbridge.bridge.check;

import java.util.Objects;

/**
 * One result of the start-up check.
 *
 * @param severity how much it matters
 * @param subject  the configuration key or directory item it concerns, e.g. {@code users.attributes.title},
 *                 {@code users.base}, {@code directory.bindDn}
 * @param message  what was found and, for problems, what to do
 */
public record Finding(Severity severity, String subject, String message) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    public static Finding error(String subject, String message) {
        return new Finding(Severity.ERROR, subject, message);
    }

    public static Finding warning(String subject, String message) {
        return new Finding(Severity.WARNING, subject, message);
    }

    public static Finding info(String subject, String message) {
        return new Finding(Severity.INFO, subject, message);
    }

    /** One line: {@code ERROR    users.attributes.title: ...}. */
    @Override
    public String toString() {
        return String.format("%-8s %s: %s", severity, subject, message);
    }
}
