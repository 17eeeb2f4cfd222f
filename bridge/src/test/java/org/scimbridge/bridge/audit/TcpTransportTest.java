package org.scimbridge.bridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TcpTransportTest {

    @Test
    void aFrameIsTheOctetCountASpaceAndTheMessage() {
        byte[] frame = TcpTransport.frame("<110>1 x".getBytes(StandardCharsets.UTF_8));
        assertEquals("8 <110>1 x", new String(frame, StandardCharsets.UTF_8));
    }

    @Test
    void theCountIsOfOctetsNotCharacters() {
        byte[] frame = TcpTransport.frame("Zoë".getBytes(StandardCharsets.UTF_8));
        assertEquals("4 Zoë", new String(frame, StandardCharsets.UTF_8), "RFC 6587 3.4.1: MSG-LEN counts octets");
    }
}
