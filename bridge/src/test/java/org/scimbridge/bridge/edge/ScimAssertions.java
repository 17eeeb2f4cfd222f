package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.scimbridge.bridge.it.BridgeHarness.Response;

/** What every SCIM error answer must look like (RFC 7644 section 3.12), whatever provoked it. */
final class ScimAssertions {

    private ScimAssertions() {
    }

    /** A SCIM error with this status and, unless null, this scimType; no stack trace, no exception name. */
    static void assertScimError(Response response, int status, String scimType) {
        assertEquals(status, response.status(), response.body());
        assertWellFormedError(response);
        if (scimType != null) {
            assertEquals(scimType, response.json().path("scimType").asText(), response.body());
        }
    }

    /** The body is SCIM's error message with the response's status as a string and a detail that explains it. */
    static void assertWellFormedError(Response response) {
        JsonNode error = response.json();
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", error.path("schemas").path(0).asText(), response.body());
        assertEquals(Integer.toString(response.status()), error.path("status").asText(), response.body());
        assertFalse(error.path("detail").asText().isBlank(), "an error explains itself: " + response.body());
        assertNoStackTrace(response.body());
        assertTrue(response.header("Content-Type").orElse("").startsWith("application/scim+json"), response.headers().toString());
    }

    static void assertNoStackTrace(String body) {
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains(".java:"),
                "no stack traces or exception names leak: " + body);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
