package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogFormatTest {

    private static final Instant AT = Instant.parse("2026-11-30T01:02:03.123456789Z");

    private static String format(String name, String value) {
        return new SyslogFormat(6, AT, "host", 7, "GET-User").param(name, value).close();
    }

    @Test
    void theHeaderHasEveryRfc5424FieldInOrder() {
        assertEquals("<110>1 2026-11-30T01:02:03.123456Z host scim-bridge 7 GET-User [scim@32473 a=\"b\"]", format("a", "b"));
    }

    @Test
    void warningsCarryPriority108() {
        assertTrue(new SyslogFormat(4, AT, "h", 1, "X").close().startsWith("<108>1 "));
    }

    @Test
    void theTimestampHasAtMostSixFractionDigits() {
        assertTrue(format("a", "b").contains(" 2026-11-30T01:02:03.123456Z "), "TIME-SECFRAC is 1*6DIGIT (RFC 5424 6.2.3)");
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "a\"b|a\\\"b",
        "a\\b|a\\\\b",
        "a]b|a\\]b",
        "uid=x,ou=people|uid=x,ou=people",
        "Zoë|Zoë",
    })
    void paramValuesEscapeQuoteBackslashAndBracket(String value, String written) {
        assertTrue(format("v", value).endsWith(" v=\"" + written + "\"]"), format("v", value));
    }

    @Test
    void lineBreaksInAValueCannotSplitTheRecord() {
        assertTrue(format("path", "/a\nb\r\u2028c").endsWith(" path=\"/a?b??c\"]"));
    }

    @Test
    void longValuesAreCutAndMarked() {
        String written = format("path", "x".repeat(5000));
        assertTrue(written.endsWith("x".repeat(SyslogFormat.MAX_VALUE_CHARS) + "...\"]"), written);
        assertTrue(written.length() < 700);
    }

    @ParameterizedTest(name = "''{0}'' becomes ''{1}''")
    @CsvSource(quoteCharacter = '\'', value = {
        "POST-User,POST-User",
        "'PO ST',PO_ST",
        "'',-",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
    })
    void msgIdIsPrintableAsciiOfAtMost32Characters(String msgId, String written) {
        assertEquals(written, SyslogFormat.headerField(msgId, 32));
    }
}
