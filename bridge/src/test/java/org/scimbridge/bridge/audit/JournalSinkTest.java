package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JournalSinkTest {

    @Test
    void eachRecordIsOneLineWithTheBareLevelPrefixJournaldParses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JournalSink sink = new JournalSink(out);
        sink.take("<110>1 - h scim-bridge 1 GET-User [scim@32473 a=\"b\"]", 6);
        sink.take("<108>1 - h scim-bridge 1 AUTH-FAIL [scim@32473 a=\"b\"]", 4);
        assertEquals("<6><110>1 - h scim-bridge 1 GET-User [scim@32473 a=\"b\"]\n"
                + "<4><108>1 - h scim-bridge 1 AUTH-FAIL [scim@32473 a=\"b\"]\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClosedStandardOutputMakesTheSinkUnhealthy() {
        JournalSink sink = new JournalSink(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });
        assertFalse(sink.take("<110>1 x", 6));
        assertFalse(sink.healthy());
    }
}
