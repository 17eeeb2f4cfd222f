package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.bridge.edge.ScimAssertions.assertScimError;
import static org.scimbridge.bridge.edge.ScimAssertions.enc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Names with the characters that mean something in LDAP filters (RFC 4515: {@code * ( ) \ NUL}), in DNs (RFC 4514:
 * {@code , + = # " \ ;}, leading and trailing spaces), in paths ({@code ../}) and outside ASCII are data: on slapd, with
 * {@code config/openldap.yaml} (userName is the RDN {@code uid}), every one is created, read back exactly, found by
 * {@code eq} and {@code sw} (and only it, though a decoy that a wildcard or an unescaped filter would match exists),
 * patched, renamed and deleted, and the directory holds the DN and values as sent. NUL, which LDAP's Directory String
 * syntax (RFC 4517 section 3.3.6) cannot hold, is a 400 that writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpecialCharactersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BridgeHarness bridge;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        bridge = SlapdBridge.harness(slapd, SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), "",
                "requestsPerSecond: 0"));
    }

    @AfterAll
    void stop() {
        created.forEach(id -> bridge.send("DELETE", "/Users/" + id, null));
        bridge.close();
    }

    /** One row per character class: its name and a value with the character where a parser would stumble on it. */
    static Stream<Arguments> characterClasses() {
        return Stream.of(
                Arguments.of("asterisk", "st*ar"),
                Arguments.of("open parenthesis", "pa(ren"),
                Arguments.of("close parenthesis", "pa)ren"),
                Arguments.of("filter injection", "x)(uid=*"),
                Arguments.of("backslash", "back\\slash"),
                Arguments.of("comma", "com,ma"),
                Arguments.of("plus", "pl+us"),
                Arguments.of("equals", "equ=als"),
                Arguments.of("leading hash", "#hash"),
                Arguments.of("double quote", "quo\"te"),
                Arguments.of("semicolon and angle brackets", "se;mi<an>gle"),
                Arguments.of("leading space", " leading"),
                Arguments.of("trailing space", "trailing "),
                Arguments.of("non-ASCII", "Zoë Łukasz 山田 🙂"),
                Arguments.of("dot dot slash", "../../etc/passwd"),
                Arguments.of("DN syntax", "uid=admin,dc=example,dc=com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("characterClasses")
    void aUserIsCreatedAndReadBackExactly(String characterClass, String special) throws Exception {
        String value = special + "-" + suffix();
        JsonNode user = create(value);
        assertValues(user, value);
        assertValues(bridge.get("/Users/" + user.get("id").asText()).json(), value);
        SearchResultEntry entry = bridge.userEntryById(user.get("id").asText()).orElseThrow();
        assertEquals(value, entry.getParsedDN().getRDN().getAttributeValues()[0], entry.getDN());
        assertEquals(new DN("ou=people," + SlapdServer.BASE_DN), entry.getParsedDN().getParent());
        assertEquals(value, entry.getAttributeValue("uid"));
        assertEquals(value, entry.getAttributeValue("displayName"));
        assertEquals(value, entry.getAttributeValue("employeeNumber"));
        assertEquals(value, entry.getAttributeValue("givenName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("characterClasses")
    void equalityAndPrefixFiltersFindExactlyThatUser(String characterClass, String special) throws Exception {
        String suffix = suffix();
        String value = special + "-" + suffix;
        String id = create(value).get("id").asText();
        // The decoy replaces every special character with a letter: a wildcard or a filter the value escaped from
        // would find it too.
        create(special.replaceAll("[^A-Za-z0-9-]", "q") + "-" + suffix);
        for (String attribute : List.of("userName", "displayName", "externalId", "name.givenName")) {
            assertOnlyMatch(id, attribute + " eq " + JSON.writeValueAsString(value));
        }
        assertOnlyMatch(id, "userName sw " + JSON.writeValueAsString(special) + " and userName ew "
                + JSON.writeValueAsString(suffix));
        assertOnlyMatch(id, "displayName sw " + JSON.writeValueAsString(special) + " and displayName co "
                + JSON.writeValueAsString(suffix));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("characterClasses")
    void aPatchWritesTheValueAsSent(String characterClass, String special) throws Exception {
        String value = special + "-" + suffix();
        String id = create("patch-" + suffix()).get("id").asText();
        Response patched = bridge.send("PATCH", "/Users/" + id, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                + "\"value\":{\"displayName\":" + JSON.writeValueAsString(value)
                + ",\"externalId\":" + JSON.writeValueAsString(value) + "}}]}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(value, patched.json().get("displayName").asText());
        SearchResultEntry entry = bridge.userEntryById(id).orElseThrow();
        assertEquals(value, entry.getAttributeValue("displayName"));
        assertEquals(value, entry.getAttributeValue("employeeNumber"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("characterClasses")
    void aRenameMovesTheEntryToTheEscapedDn(String characterClass, String special) throws Exception {
        String before = "rename-" + suffix();
        String after = special + "-" + suffix();
        String id = create(before).get("id").asText();
        Response renamed = bridge.send("PATCH", "/Users/" + id, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                + "\"path\":\"userName\",\"value\":" + JSON.writeValueAsString(after) + "}]}");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(after, renamed.json().get("userName").asText());
        SearchResultEntry entry = bridge.userEntryById(id).orElseThrow();
        assertEquals(after, entry.getParsedDN().getRDN().getAttributeValues()[0], entry.getDN());
        assertEquals(List.of(after), List.of(entry.getAttributeValues("uid")), "the old RDN value is gone");
        assertTrue(bridge.userEntryByUid(before).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("characterClasses")
    void aDeleteRemovesExactlyThatEntry(String characterClass, String special) throws Exception {
        String suffix = suffix();
        String id = create(special + "-" + suffix).get("id").asText();
        String decoy = create(special.replaceAll("[^A-Za-z0-9-]", "q") + "-" + suffix).get("id").asText();
        int before = bridge.userCount();
        assertEquals(204, bridge.send("DELETE", "/Users/" + id, null).status());
        created.remove(id);
        assertTrue(bridge.userEntryById(id).isEmpty());
        assertTrue(bridge.userEntryById(decoy).isPresent());
        assertEquals(before - 1, bridge.userCount());
        assertScimError(bridge.get("/Users/" + id), 404, null);
    }

    @Test
    void aNulCharacterIs400AndWritesNothing() throws Exception {
        int before = bridge.userCount();
        for (String attribute : List.of("userName", "displayName", "externalId")) {
            ObjectNode user = user("nul-" + suffix());
            user.put(attribute, "nul\u0000byte-" + suffix());
            Response response = bridge.send("POST", "/Users", user.toString());
            assertScimError(response, 400, "invalidValue");
            assertTrue(response.json().get("detail").asText().contains(attribute), response.body());
        }
        assertEquals(before, bridge.userCount());
    }

    @Test
    void aNulCharacterInAFilterFindsNothingAndIsNoError() throws Exception {
        Response response = bridge.get("/Users?filter=" + enc("userName eq \"a\\u0000*\""));
        assertEquals(200, response.status(), response.body());
        assertEquals(0, response.json().get("totalResults").asInt());
    }

    private void assertOnlyMatch(String id, String filter) {
        Response found = bridge.get("/Users?filter=" + enc(filter));
        assertEquals(200, found.status(), filter + ": " + found.body());
        assertEquals(1, found.json().get("totalResults").asInt(), filter + ": " + found.body());
        assertEquals(id, found.json().at("/Resources/0/id").asText(), filter);
    }

    private static void assertValues(JsonNode user, String value) {
        assertEquals(value, user.get("userName").asText());
        assertEquals(value, user.get("displayName").asText());
        assertEquals(value, user.get("externalId").asText());
        assertEquals(value, user.at("/name/givenName").asText());
        assertFalse(user.get("id").asText().isBlank());
    }

    private JsonNode create(String value) throws Exception {
        Response response = bridge.send("POST", "/Users", user(value).toString());
        assertEquals(201, response.status(), value + ": " + response.body());
        JsonNode user = response.json();
        created.add(user.get("id").asText());
        return user;
    }

    private static ObjectNode user(String value) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        user.put("userName", value);
        user.put("displayName", value);
        user.put("externalId", value);
        user.putObject("name").put("givenName", value).put("familyName", "Special");
        return user;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
