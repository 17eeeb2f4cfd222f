package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * The SCIM User scenarios of the walking skeleton, run unchanged against every directory (ApacheDS, OpenLDAP slapd,
 * UnboundID in-memory): each implementing class supplies a bridge on its directory. Every write is checked twice: in
 * the SCIM response and in the LDAP entry the directory now holds.
 */
public interface UsersScenarios {

    String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    BridgeHarness bridge();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String userJson(String userName, String givenName, String familyName, String mail) {
        return """
                {"schemas":["%s"],"userName":"%s","externalId":"ext-%s",
                 "name":{"givenName":"%s","familyName":"%s"},"displayName":"%s %s","title":"Engineer",
                 "emails":[{"value":"%s","type":"work","primary":true}],
                 "phoneNumbers":[{"value":"+1 555 0199","type":"work"},{"value":"+1 555 0299","type":"mobile"}],
                 "%s":{"department":"R&D","organization":"Example Corp"}}
                """.formatted(USER, userName, userName, givenName, familyName, givenName, familyName, mail, ENTERPRISE);
    }

    private JsonNode create(String userName) {
        Response created = bridge().send("POST", "/Users", userJson(userName, "Grace", "Hopper", userName + "@example.com"));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private static void assertScimError(Response response, int status, String scimType) {
        assertEquals(status, response.status(), response.body());
        JsonNode error = response.json();
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", error.path("schemas").path(0).asText(), response.body());
        assertEquals(Integer.toString(status), error.path("status").asText(), "status is a string (RFC 7644 3.12)");
        if (scimType != null) {
            assertEquals(scimType, error.path("scimType").asText(), response.body());
        }
        assertFalse(error.path("detail").asText().isBlank(), "an error explains itself");
        assertFalse(response.body().contains("Exception"), "no stack traces or exception names leak: " + response.body());
    }

    @Test
    default void createReturns201WithLocationEtagAndWritesTheEntry() throws Exception {
        String userName = unique("ghopper");
        Response created = bridge().send("POST", "/Users", userJson(userName, "Grace", "Hopper", userName + "@example.com"));
        assertEquals(201, created.status(), created.body());
        assertEquals("application/scim+json", created.header("Content-Type").orElseThrow());
        JsonNode user = created.json();
        String id = user.path("id").asText();
        assertEquals(bridge().baseUrl() + "/Users/" + id, created.header("Location").orElseThrow());
        assertEquals(user.path("meta").path("version").asText(), created.header("ETag").orElseThrow());
        assertTrue(created.header("ETag").orElseThrow().startsWith("W/\""), "weak ETag");
        assertEquals("User", user.path("meta").path("resourceType").asText());
        assertFalse(user.path("meta").path("created").asText().isEmpty(), created.body());
        assertFalse(user.path("meta").path("lastModified").asText().isEmpty(), created.body());
        assertEquals(userName, user.path("userName").asText());
        assertEquals("R&D", user.path(ENTERPRISE).path("department").asText());

        SearchResultEntry entry = bridge().userEntryById(id).orElseThrow();
        assertEquals(new DN("uid=" + userName + "," + bridge().mapping().users().base()), entry.getParsedDN());
        assertEquals(id, entry.getAttributeValue("entryUUID"), "the SCIM id is the directory's entryUUID");
        assertEquals("Grace", entry.getAttributeValue("givenName"));
        assertEquals("Hopper", entry.getAttributeValue("sn"));
        assertEquals("Grace Hopper", entry.getAttributeValue("cn"));
        assertEquals(userName + "@example.com", entry.getAttributeValue("mail"));
        assertEquals("+1 555 0199", entry.getAttributeValue("telephoneNumber"));
        assertEquals("+1 555 0299", entry.getAttributeValue("mobile"));
        assertEquals("ext-" + userName, entry.getAttributeValue("employeeNumber"));
        assertEquals("R&D", entry.getAttributeValue("departmentNumber"));
        assertTrue(entry.hasObjectClass("inetOrgPerson"));
    }

    @Test
    default void createWithOnlyUserNameFillsTheAttributesTheSchemaRequires() {
        String userName = unique("minimal");
        Response created = bridge().send("POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}");
        assertEquals(201, created.status(), created.body());
        SearchResultEntry entry = bridge().userEntryByUid(userName).orElseThrow();
        assertEquals(userName, entry.getAttributeValue("cn"));
        assertEquals(userName, entry.getAttributeValue("sn"));
    }

    @Test
    default void getByIdReturnsTheUserWithItsEtag() {
        String id = create(unique("get")).path("id").asText();
        Response response = bridge().get("/Users/" + id);
        assertEquals(200, response.status(), response.body());
        assertEquals(id, response.json().path("id").asText());
        assertEquals(response.json().path("meta").path("version").asText(), response.header("ETag").orElseThrow());
        assertEquals("Grace", response.json().path("name").path("givenName").asText());
        assertEquals(2, response.json().path("phoneNumbers").size());
    }

    @Test
    default void unknownAndMalformedIdsAre404() {
        assertScimError(bridge().get("/Users/" + UUID.randomUUID()), 404, null);
        assertScimError(bridge().get("/Users/not-a-uuid"), 404, null);
        assertScimError(bridge().send("DELETE", "/Users/" + UUID.randomUUID(), null), 404, null);
    }

    @Test
    default void filterByUserNameFindsExactlyThatUser() {
        String userName = unique("filter");
        String id = create(userName).path("id").asText();
        create(unique("other"));
        Response list = bridge().get("/Users?filter=" + enc("userName eq \"" + userName + "\""));
        assertEquals(200, list.status(), list.body());
        JsonNode body = list.json();
        assertEquals("urn:ietf:params:scim:api:messages:2.0:ListResponse", body.path("schemas").path(0).asText());
        assertEquals(1, body.path("totalResults").asInt());
        assertEquals(id, body.path("Resources").path(0).path("id").asText());
    }

    @Test
    default void filterByUserNameIgnoresCaseAsTheSchemaSays() {
        String userName = unique("casey");
        create(userName);
        Response list = bridge().get("/Users?filter=" + enc("USERNAME EQ \"" + userName.toUpperCase() + "\""));
        assertEquals(1, list.json().path("totalResults").asInt(), list.body());
    }

    @Test
    default void filterByExternalIdAndById() {
        String userName = unique("ext");
        String id = create(userName).path("id").asText();
        assertEquals(id, bridge().get("/Users?filter=" + enc("externalId eq \"ext-" + userName + "\""))
                .json().path("Resources").path(0).path("id").asText());
        assertEquals(userName, bridge().get("/Users?filter=" + enc("id eq \"" + id + "\""))
                .json().path("Resources").path(0).path("userName").asText());
    }

    /** Entra ID's documentation shows unquoted values: {@code externalId eq jyoung}. */
    @Test
    default void entraUnquotedFilterValueIsAccepted() {
        String userName = unique("jyoung");
        create(userName);
        Response list = bridge().get("/Users?filter=" + enc("externalId eq ext-" + userName));
        assertEquals(200, list.status(), list.body());
        assertEquals(1, list.json().path("totalResults").asInt());
    }

    /** Entra creates a duplicate when a lookup fails, so a no-match must be an empty 200 list, not an error. */
    @Test
    default void noMatchIsAnEmptyListResponse() {
        Response list = bridge().get("/Users?filter=" + enc("userName eq \"nobody-" + UUID.randomUUID() + "\""));
        assertEquals(200, list.status(), list.body());
        assertEquals(0, list.json().path("totalResults").asInt());
        assertEquals(0, list.json().path("Resources").size());
        Response randomId = bridge().get("/Users?filter=" + enc("id eq \"" + UUID.randomUUID() + "\""));
        assertEquals(0, randomId.json().path("totalResults").asInt(), randomId.body());
    }

    @Test
    default void ldapMetacharactersInFilterValuesAreData() {
        create(unique("meta"));
        for (String hostile : List.of("*)(uid=*", "*", "a)(|(objectClass=*", "\\2a", "x\\")) {
            Response list = bridge().get("/Users?filter=" + enc("userName eq \"" + hostile.replace("\\", "\\\\") + "\""));
            assertEquals(200, list.status(), list.body());
            assertEquals(0, list.json().path("totalResults").asInt(), "'" + hostile + "' must match nothing");
        }
    }

    @Test
    default void pagingWalksEveryMatchOnceInAStableOrder() {
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            create(prefix + "-" + i);
        }
        String filter = "&filter=" + enc("userName sw \"" + prefix + "\"");
        assertEquals(5, bridge().get("/Users?count=0" + filter).json().path("totalResults").asInt());
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            JsonNode page = bridge().get("/Users?startIndex=" + start + "&count=2" + filter).json();
            assertEquals(start, page.path("startIndex").asInt());
            assertEquals(5, page.path("totalResults").asInt());
            page.path("Resources").forEach(r -> seen.add(r.path("userName").asText()));
        }
        assertEquals(List.of(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4"), seen);
    }

    @Test
    default void putReplacesMappedAttributesAndClearsOmittedOnes() {
        JsonNode user = create(unique("put"));
        String id = user.path("id").asText();
        String userName = user.path("userName").asText();
        String body = """
                {"schemas":["%s"],"id":"%s","userName":"%s","name":{"givenName":"Amazing","familyName":"Grace"},
                 "emails":[{"value":"new@example.com","type":"work"}]}
                """.formatted(USER, id, userName);
        Response replaced = bridge().send("PUT", "/Users/" + id, body);
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("Amazing", replaced.json().path("name").path("givenName").asText());
        assertTrue(replaced.json().path("title").isMissingNode(), "title was omitted, so it is cleared");
        assertNotEquals(user.path("meta").path("version").asText(), replaced.json().path("meta").path("version").asText());

        SearchResultEntry entry = bridge().userEntryById(id).orElseThrow();
        assertEquals("Amazing", entry.getAttributeValue("givenName"));
        assertEquals("Grace", entry.getAttributeValue("sn"));
        assertEquals("new@example.com", entry.getAttributeValue("mail"));
        assertNull(entry.getAttributeValue("title"));
        assertNull(entry.getAttributeValue("mobile"));
        assertNull(entry.getAttributeValue("departmentNumber"));
        assertEquals("Amazing Grace", entry.getAttributeValue("cn"), "cn is required, so it is refilled from the name");
    }

    @Test
    default void putThatChangesUserNameRenamesTheEntryAndKeepsTheId() throws Exception {
        JsonNode user = create(unique("before"));
        String id = user.path("id").asText();
        String renamed = unique("after");
        Response replaced = bridge().send("PUT", "/Users/" + id,
                "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + renamed + "\",\"name\":{\"familyName\":\"Hopper\"}}");
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(id, replaced.json().path("id").asText());
        assertEquals(renamed, replaced.json().path("userName").asText());
        SearchResultEntry entry = bridge().userEntryById(id).orElseThrow();
        assertEquals(new DN("uid=" + renamed + "," + bridge().mapping().users().base()), entry.getParsedDN());
        assertEquals(1, entry.getAttributeValues("uid").length, "the old uid value is gone");
        assertTrue(bridge().userEntryByUid(user.path("userName").asText()).isEmpty());
    }

    @Test
    default void putToATakenUserNameIs409AndChangesNothing() {
        String taken = create(unique("taken")).path("userName").asText();
        JsonNode user = create(unique("mover"));
        String id = user.path("id").asText();
        Response response = bridge().send("PUT", "/Users/" + id,
                "{\"userName\":\"" + taken + "\",\"name\":{\"familyName\":\"Changed\"}}");
        assertScimError(response, 409, "uniqueness");
        SearchResultEntry entry = bridge().userEntryById(id).orElseThrow();
        assertEquals(user.path("userName").asText(), entry.getAttributeValue("uid"));
        assertEquals("Hopper", entry.getAttributeValue("sn"));
    }

    @Test
    default void putWithoutChangesWritesNothing() {
        JsonNode user = create(unique("same"));
        String id = user.path("id").asText();
        Response replaced = bridge().send("PUT", "/Users/" + id, user.toString());
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(user.path("meta").path("version").asText(), replaced.json().path("meta").path("version").asText(),
                "an unchanged resource keeps its version: no LDAP modify was sent");
    }

    private Response sendWith(String method, String path, String body, String header, String value) {
        return bridge().send(method, path, body, "application/scim+json", "Bearer " + BridgeHarness.TOKEN, header, value);
    }

    @Test
    default void putWithTheCurrentEtagInIfMatchWrites() {
        JsonNode user = create(unique("etag"));
        String id = user.path("id").asText();
        Response replaced = sendWith("PUT", "/Users/" + id, "{\"userName\":\"" + user.path("userName").asText()
                + "\",\"title\":\"Fresh\"}", "If-Match", user.path("meta").path("version").asText());
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("Fresh", bridge().userEntryById(id).orElseThrow().getAttributeValue("title"));
    }

    @Test
    default void putWithAStaleEtagIs412AndChangesNothing() {
        JsonNode user = create(unique("stale"));
        String id = user.path("id").asText();
        String userName = user.path("userName").asText();
        String first = user.path("meta").path("version").asText();
        assertEquals(200, bridge().send("PUT", "/Users/" + id, "{\"userName\":\"" + userName + "\",\"title\":\"One\"}").status());
        Response stale = sendWith("PUT", "/Users/" + id, "{\"userName\":\"" + userName + "\",\"title\":\"Two\"}", "If-Match", first);
        assertScimError(stale, 412, null);
        assertEquals("One", bridge().userEntryById(id).orElseThrow().getAttributeValue("title"));
        Response renameStale = sendWith("PUT", "/Users/" + id, "{\"userName\":\"" + unique("renamed") + "\"}", "If-Match", first);
        assertScimError(renameStale, 412, null);
        assertEquals(userName, bridge().userEntryById(id).orElseThrow().getAttributeValue("uid"));
        assertScimError(sendWith("DELETE", "/Users/" + id, null, "If-Match", first), 412, null);
        assertTrue(bridge().userEntryById(id).isPresent());
        assertEquals(204, sendWith("DELETE", "/Users/" + id, null, "If-Match", "*").status());
    }

    @Test
    default void getWithTheCurrentEtagInIfNoneMatchIs304() {
        JsonNode user = create(unique("cached"));
        String id = user.path("id").asText();
        String etag = user.path("meta").path("version").asText();
        Response notModified = sendWith("GET", "/Users/" + id, null, "If-None-Match", etag);
        assertEquals(304, notModified.status(), notModified.body());
        assertEquals(etag, notModified.header("ETag").orElseThrow());
        assertTrue(notModified.body().isEmpty());
        assertEquals(200, sendWith("GET", "/Users/" + id, null, "If-None-Match", "W/\"other\"").status());
    }

    /** Two writers holding the same version: the directory's assertion lets exactly one through (RFC 4528). */
    @Test
    default void twoWritersWithTheSameIfMatchExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            JsonNode user = create(unique("race"));
            String id = user.path("id").asText();
            String userName = user.path("userName").asText();
            String etag = user.path("meta").path("version").asText();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = pool.submit(() -> sendWith("PUT", "/Users/" + id, "{\"userName\":\"" + userName + "\",\"title\":\"A\"}",
                        "If-Match", etag));
                var second = pool.submit(() -> sendWith("PUT", "/Users/" + id, "{\"userName\":\"" + userName + "\",\"title\":\"B\"}",
                        "If-Match", etag));
                List<Integer> statuses = new ArrayList<>(List.of(first.get().status(), second.get().status()));
                statuses.sort(null);
                assertEquals(List.of(200, 412), statuses, "round " + round);
                String winner = first.get().status() == 200 ? "A" : "B";
                assertEquals(winner, bridge().userEntryById(id).orElseThrow().getAttributeValue("title"));
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    default void deleteRemovesTheEntry() {
        String id = create(unique("gone")).path("id").asText();
        Response deleted = bridge().send("DELETE", "/Users/" + id, null);
        assertEquals(204, deleted.status(), deleted.body());
        assertTrue(bridge().userEntryById(id).isEmpty());
        assertScimError(bridge().get("/Users/" + id), 404, null);
    }

    @Test
    default void duplicateUserNameIs409AndLeavesOneEntry() {
        String userName = unique("dup");
        create(userName);
        int before = bridge().userCount();
        Response again = bridge().send("POST", "/Users", userJson(userName.toUpperCase(), "Other", "Person", "o@example.com"));
        assertScimError(again, 409, "uniqueness");
        assertEquals(before, bridge().userCount());
    }

    @Test
    default void managerIsStoredAsDnAndShownAsId() {
        String managerId = create(unique("boss")).path("id").asText();
        String userName = unique("report");
        Response created = bridge().send("POST", "/Users", """
                {"userName":"%s","%s":{"manager":{"value":"%s"}}}""".formatted(userName, ENTERPRISE, managerId));
        assertEquals(201, created.status(), created.body());
        assertEquals(managerId, created.json().path(ENTERPRISE).path("manager").path("value").asText());
        assertEquals(bridge().baseUrl() + "/Users/" + managerId, created.json().path(ENTERPRISE).path("manager").path("$ref").asText());
        SearchResultEntry manager = bridge().userEntryById(managerId).orElseThrow();
        assertEquals(manager.getDN(), bridge().userEntryByUid(userName).orElseThrow().getAttributeValue("manager"));
        Response unknown = bridge().send("POST", "/Users", """
                {"userName":"%s","%s":{"manager":{"value":"%s"}}}""".formatted(unique("orphan"), ENTERPRISE, UUID.randomUUID()));
        assertScimError(unknown, 400, "invalidValue");
    }

    @Test
    default void badBodiesAreClearErrorsAndWriteNothing() {
        int before = bridge().userCount();
        assertScimError(bridge().send("POST", "/Users", "{\"userName\": \"broken\""), 400, "invalidSyntax");
        assertScimError(bridge().send("POST", "/Users", "[1,2]"), 400, "invalidSyntax");
        assertScimError(bridge().send("POST", "/Users", "{\"userName\": 42.5e3, \"name\": \"not an object\"}"), 400, "invalidSyntax");
        assertScimError(bridge().send("POST", "/Users", "{\"userName\": [\"a\"]}"), 400, "invalidSyntax");
        assertScimError(bridge().send("POST", "/Users", "{\"name\": {\"givenName\": \"No\"}}"), 400, "invalidValue");
        assertScimError(bridge().send("POST", "/Users", "{\"userName\": \"\"}"), 400, "invalidValue");
        assertScimError(bridge().send("POST", "/Users", "{\"userName\": \"x1\", \"shoeSize\": 44}"), 400, "invalidSyntax");
        assertScimError(bridge().send("POST", "/Users", "{\"userName\": \"x2\", \"name\": {\"nick\": \"x\"}}"), 400, "invalidSyntax");
        assertScimError(bridge().send("POST", "/Users",
                "{\"schemas\":[\"urn:example:unknown\"],\"userName\":\"x3\"}"), 400, "invalidValue");
        assertScimError(bridge().send("POST", "/Users", ""), 400, "invalidSyntax");
        String huge = "{\"userName\":\"big\",\"title\":\"" + "x".repeat(BridgeHarness.MAX_PAYLOAD) + "\"}";
        assertScimError(bridge().send("POST", "/Users", huge), 413, null);
        assertScimError(bridge().send("POST", "/Users", "{\"userName\":\"x4\"}", "text/plain", "Bearer " + BridgeHarness.TOKEN),
                415, null);
        assertEquals(before, bridge().userCount(), "no bad request may write anything");
    }

    @Test
    default void badFiltersAndParametersAre400() {
        assertScimError(bridge().get("/Users?filter=" + enc("userName xx \"a\"")), 400, "invalidFilter");
        assertScimError(bridge().get("/Users?filter=" + enc("nickName eq \"a\"")), 400, "invalidFilter");
        assertScimError(bridge().get("/Users?count=many"), 400, "invalidValue");
        assertEquals(1, bridge().get("/Users?startIndex=-5&count=1").json().path("startIndex").asInt(),
                "startIndex below 1 is read as 1 (RFC 7644 section 3.4.2.4)");
    }

    @Test
    default void requestsWithoutAValidTokenAre401() {
        Response none = bridge().send("GET", "/Users", null, null, null);
        assertScimError(none, 401, null);
        assertTrue(none.header("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertScimError(bridge().send("GET", "/Users", null, null, "Bearer wrong-token"), 401, null);
        assertScimError(bridge().send("GET", "/ServiceProviderConfig", null, null, "Basic dXNlcjpwYXNz"), 401, null);
        int before = bridge().userCount();
        assertScimError(bridge().send("POST", "/Users", "{\"userName\":\"intruder\"}", "application/json", "Bearer nope"), 401, null);
        assertEquals(before, bridge().userCount());
    }

    @Test
    default void plainApplicationJsonIsAccepted() {
        Response created = bridge().send("POST", "/Users", "{\"userName\":\"" + unique("json") + "\"}", "application/json",
                "Bearer " + BridgeHarness.TOKEN);
        assertEquals(201, created.status(), created.body());
    }

    @Test
    default void discoveryDescribesWhatTheMappingSupports() {
        JsonNode spc = bridge().get("/ServiceProviderConfig").json();
        assertTrue(spc.path("patch").path("supported").asBoolean());
        assertTrue(spc.path("etag").path("supported").asBoolean());
        assertTrue(spc.path("sort").path("supported").asBoolean());
        assertTrue(spc.path("filter").path("supported").asBoolean());
        assertEquals(500, spc.path("filter").path("maxResults").asInt());
        assertEquals("oauthbearertoken", spc.path("authenticationSchemes").path(0).path("type").asText());

        JsonNode schemas = bridge().get("/Schemas").json();
        assertEquals(2, schemas.path("totalResults").asInt());
        JsonNode user = bridge().get("/Schemas/" + USER).json();
        List<String> names = new ArrayList<>();
        user.path("attributes").forEach(a -> names.add(a.path("name").asText()));
        assertTrue(names.containsAll(List.of("userName", "name", "emails", "phoneNumbers")), names.toString());
        assertFalse(names.contains("nickName"), "nickName is not mapped, so it is not advertised");
        assertTrue(names.contains("password"), "the profile writes passwords, so it advertises them");
        assertTrue(names.contains("active"), "the profile stores active, so it advertises it");

        JsonNode types = bridge().get("/ResourceTypes").json();
        assertEquals("/Users", types.path("Resources").path(0).path("endpoint").asText());
        assertEquals(ENTERPRISE, types.path("Resources").path(0).path("schemaExtensions").path(0).path("schema").asText());
        assertScimError(bridge().get("/NoSuchEndpoint"), 404, null);
    }
}
