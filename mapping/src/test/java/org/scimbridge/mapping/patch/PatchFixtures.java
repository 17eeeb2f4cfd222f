package org.scimbridge.mapping.patch;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.schema.CoreSchemas;

/** Realistic starting resources (after RFC 7643 section 8) and one-line ways to patch them in tests. */
final class PatchFixtures {

    static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER_URN;
    static final String USER_ID = "2819c223-7f76-453a-919d-413861904646";
    static final String GROUP_ID = "e9e30dba-f08f-4109-8486-d5c6a331660a";
    static final String MANDY = "902c246b-6245-4190-8e05-00816be7344a";
    static final String JOHN = "26118915-6090-4610-87e4-49d8ca9f808d";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Barbara Jensen, with the enterprise extension; RFC 7643 section 8.2 trimmed to what the tests touch. */
    static final String BJENSEN = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "701984",
              "userName": "bjensen@example.com",
              "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
              "displayName": "Babs Jensen",
              "title": "Tour Guide",
              "active": true,
              "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
              ],
              "phoneNumbers": [{"value": "555-555-5555", "type": "work"}],
              "groups": [{"value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Tour Guides",
                          "$ref": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a"}],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984",
                "department": "Tour Operations",
                "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d",
                            "$ref": "https://example.com/v2/Users/26118915-6090-4610-87e4-49d8ca9f808d",
                            "displayName": "John Smith"}
              },
              "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z",
                       "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                       "version": "W/\\"3694e05e9dff591\\""}
            }
            """;

    /** A user as Entra creates it: no extension attributes, no emails yet. */
    static final String NEW_HIRE = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "id": "5d48a0a8-e6e3-4b6a-9a4b-0f1b2c3d4e5f",
              "userName": "ryan.leenay@example.com",
              "name": {"familyName": "Leenay", "givenName": "Ryan"},
              "active": true
            }
            """;

    /** The Tour Guides group with two members, as the bridge renders a groupOfNames. */
    static final String TOUR_GUIDES = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
              "displayName": "Tour Guides",
              "members": [
                {"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen",
                 "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646", "type": "User"},
                {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge",
                 "$ref": "https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a", "type": "User"}
              ],
              "meta": {"resourceType": "Group", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z",
                       "location": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
                       "version": "W/\\"3694e05e9dff592\\""}
            }
            """;

    private PatchFixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON in test: " + text, e);
        }
    }

    static JsonNode node(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON in test: " + text, e);
        }
    }

    /** A PatchOp body around {@code operations}, the comma-separated operation objects. */
    static ObjectNode body(String operations) {
        return json("{\"schemas\": [\"" + CoreSchemas.PATCH_OP_URN + "\"], \"Operations\": [" + operations + "]}");
    }

    static List<PatchOperation> parseUser(String operations) {
        return PatchRequest.parse(body(operations), CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER);
    }

    /** Parses {@code operations} and applies them to {@code resource} (a User with the enterprise extension). */
    static PatchResult patchUser(String resource, String operations) {
        return PatchApplier.apply(json(resource), parseUser(operations), CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER);
    }

    static PatchResult patchUser(String operations) {
        return patchUser(BJENSEN, operations);
    }

    static PatchResult patchGroup(String operations) {
        return PatchApplier.apply(json(TOUR_GUIDES), PatchRequest.parse(body(operations), CoreSchemas.GROUP, null),
                CoreSchemas.GROUP, null);
    }

    /** The error of parsing and applying {@code operations} to Barbara Jensen. */
    static ScimException userFails(String operations) {
        return assertThrows(ScimException.class, () -> patchUser(operations));
    }

    static ScimException groupFails(String operations) {
        return assertThrows(ScimException.class, () -> patchGroup(operations));
    }

    /** The resource at a JSON pointer, such as {@code /emails/0/value}. */
    static JsonNode at(PatchResult result, String pointer) {
        return result.resource().at(pointer);
    }
}
