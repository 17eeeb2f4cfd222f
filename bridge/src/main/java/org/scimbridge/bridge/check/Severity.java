package org.scimbridge.bridge.check;

/** How much a finding of the start-up check matters. */
public enum Severity {
    /** The mapping and the directory disagree: requests would fail. {@code check} exits 1 and {@code serve} refuses to start. */
    ERROR,
    /** Works, but slowly, unsafely or only partly. Printed; start-up continues. */
    WARNING,
    /** For the record: what was found and what it means. */
    INFO
}
