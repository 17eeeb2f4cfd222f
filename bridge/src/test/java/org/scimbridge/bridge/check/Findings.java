package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Looks findings up by severity and subject, failing with the whole report when none matches. */
final class Findings {

    private Findings() {
    }

    static Finding one(CheckReport report, Severity severity, String subject) {
        List<Finding> matching = report.findings().stream()
                .filter(f -> f.severity() == severity && f.subject().equals(subject)).toList();
        if (matching.size() != 1) {
            fail("expected one " + severity + " on " + subject + ", found " + matching.size() + " in:\n" + report.render());
        }
        return matching.getFirst();
    }

    static boolean any(CheckReport report, Severity severity, String subject) {
        return report.findings().stream().anyMatch(f -> f.severity() == severity && f.subject().equals(subject));
    }
}
