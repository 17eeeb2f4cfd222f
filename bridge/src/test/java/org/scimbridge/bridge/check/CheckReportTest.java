package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CheckReportTest {

    private static final List<Capability> CAPABILITIES = List.of(
            new Capability("assertion", "1.3.6.1.1.12", false, true, "If-Match enforced atomically by the directory"));

    @Test
    void warningsAloneAreOk() {
        CheckReport report = new CheckReport("OpenLDAP", CAPABILITIES, List.of(Finding.warning("directory.bindDn", "admin")));
        assertTrue(report.ok());
        assertEquals("0 errors, 1 warning", report.summary());
    }

    @Test
    void oneErrorIsNotOk() {
        CheckReport report = new CheckReport("OpenLDAP", CAPABILITIES, List.of(Finding.error("users.base", "missing"),
                Finding.error("users.rdn", "unknown"), Finding.info("users.base", "fine")));
        assertFalse(report.ok());
        assertEquals("2 errors, 0 warnings", report.summary());
    }

    @Test
    void renderListsCapabilitiesThenFindingsErrorsFirst() {
        CheckReport report = new CheckReport("OpenLDAP", CAPABILITIES, List.of(Finding.info("directory.indexes", "not checked"),
                Finding.warning("directory.bindDn", "is the rootdn"), Finding.error("users.attributes.title", "unknown")));
        assertEquals("""
                Directory: OpenLDAP
                Controls and extended operations:
                  yes  assertion                1.3.6.1.1.12               If-Match enforced atomically by the directory
                Findings:
                  ERROR    users.attributes.title: unknown
                  WARNING  directory.bindDn: is the rootdn
                  INFO     directory.indexes: not checked
                FAILED: 1 error, 1 warning: the mapping and the directory disagree
                """, report.render());
    }
}
