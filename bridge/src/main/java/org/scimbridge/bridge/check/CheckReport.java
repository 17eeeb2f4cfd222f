package org.scimbridge.bridge.check;

import java.util.List;

/**
 * What the start-up check found.
 *
 * @param directory    what the directory says it is, e.g. "OpenLDAP" or "389 Project 389-Directory/2.4.5"
 * @param capabilities the controls and extended operations the bridge can use, and what each means
 * @param findings     the results, in the order they were found
 */
public record CheckReport(String directory, List<Capability> capabilities, List<Finding> findings) {

    public CheckReport {
        capabilities = List.copyOf(capabilities);
        findings = List.copyOf(findings);
    }

    /** No errors: the bridge can serve (warnings allowed). */
    public boolean ok() {
        return errors().isEmpty();
    }

    public List<Finding> errors() {
        return of(Severity.ERROR);
    }

    public List<Finding> warnings() {
        return of(Severity.WARNING);
    }

    public List<Finding> of(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /** "2 errors, 1 warning". */
    public String summary() {
        return count(errors().size(), "error") + ", " + count(warnings().size(), "warning");
    }

    /** The whole report for people: directory, capabilities, findings (errors first), summary. */
    public String render() {
        StringBuilder text = new StringBuilder("Directory: ").append(directory).append('\n');
        text.append("Controls and extended operations:\n");
        for (Capability c : capabilities) {
            text.append(String.format("  %-4s %-24s %-26s %s\n", c.supported() ? "yes" : "no", c.name(), c.oid(), c.effect()));
        }
        text.append("Findings:\n");
        for (Severity severity : Severity.values()) {
            of(severity).forEach(f -> text.append("  ").append(f).append('\n'));
        }
        text.append(ok() ? "OK: " : "FAILED: ").append(summary())
                .append(ok() ? "\n" : ": the mapping and the directory disagree\n");
        return text.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
