package org.scimbridge.bridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMetricsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/scim/v2/Users, Users",
            "/scim/v2/Users/2819c223-7f76-453a-919d-413861904646, Users",
            "/scim/v2/Users/.search, Users",
            "/scim/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a, Groups",
            "/scim/v2/.search, search",
            "/scim/v2/ServiceProviderConfig, discovery",
            "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User, discovery",
            "/scim/v2/ResourceTypes/User, discovery",
            "/scim/v2/Bulk, Bulk",
            "/scim/v2/Me, Me",
            "/scim/v2/alovelace, other",
            "/scim/v2/, other",
            "/wp-login.php, other",
            "/, other"})
    void aPathBecomesOneOfAFewResourceLabelsAndNeverItsIdOrName(String path, String label) {
        assertEquals(label, HttpMetrics.resource(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/live", "/health/ready", "/metrics"})
    void probesAndScrapesAreNotCounted(String path) {
        assertNull(HttpMetrics.resource(path));
    }
}
