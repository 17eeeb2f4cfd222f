package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * {@code POST /Bulk} (RFC 7644 section 3.7) against a real directory: each result is checked in the BulkResponse and in
 * the entries the directory holds afterwards (or does not hold, for operations that must not have run).
 */
public interface BulkScenarios {

    String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    BridgeHarness bridge();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response bulk(String failOnErrors, String... operations) {
        return bridge().send("POST", "/Bulk", "{\"schemas\":[\"" + BULK_REQUEST + "\"]," + (failOnErrors == null ? ""
                : "\"failOnErrors\":" + failOnErrors + ",") + "\"Operations\":[" + String.join(",", operations) + "]}");
    }

    /** The BulkResponse's operations; the request itself must have been a 200 BulkResponse. */
    private JsonNode results(Response response) {
        assertEquals(200, response.status(), response.body());
        assertEquals("urn:ietf:params:scim:api:messages:2.0:BulkResponse", response.json().path("schemas").path(0).asText());
        return response.json().path("Operations");
    }

    private static String postUser(String bulkId, String userName) {
        return "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"" + bulkId + "\",\"data\":{\"schemas\":"
                + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}}";
    }

    private static String postGroup(String bulkId, String displayName, String... memberRefs) {
        StringBuilder members = new StringBuilder();
        for (String ref : memberRefs) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(ref).append("\"}");
        }
        return "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"" + bulkId + "\",\"data\":{\"displayName\":\""
                + displayName + "\",\"members\":[" + members + "]}}";
    }

    private Set<DN> memberDns(String displayName) {
        SearchResultEntry group = groupEntry(displayName);
        Set<DN> dns = new TreeSet<>();
        for (String value : group.getAttributeValues("member")) {
            try {
                dns.add(new DN(value));
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }
        dns.removeIf(dn -> dn.toString().equalsIgnoreCase(GroupScenarios.PLACEHOLDER));
        return dns;
    }

    private SearchResultEntry groupEntry(String displayName) {
        try {
            return bridge().admin().searchForEntry(bridge().mapping().groups().orElseThrow().base().toString(), SearchScope.ONE,
                    Filter.createEqualityFilter("cn", displayName), "member");
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ETag inside a JSON string. */
    private static String escaped(String etag) {
        return etag.replace("\"", "\\\"");
    }

    private DN userDn(String userName) {
        try {
            return bridge().userEntryByUid(userName).orElseThrow(() -> new AssertionError("no user " + userName)).getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    default void aUserAndANewGroupNamingItByBulkIdAreCreatedInOneRequest() {
        String userName = unique("bulk-user");
        String group = unique("Bulk Group");
        JsonNode results = results(bulk(null, postUser("u1", userName), postGroup("g1", group, "bulkId:u1")));
        assertEquals(2, results.size(), results.toString());
        JsonNode user = results.path(0);
        assertEquals(List.of("POST", "u1", "201"), List.of(user.path("method").asText(), user.path("bulkId").asText(),
                user.path("status").asText()));
        assertTrue(user.path("status").isTextual(), "status is a string, as in the examples of RFC 7644 section 3.7.3");
        String userId = bridge().userEntryByUid(userName).orElseThrow()
                .getAttributeValue(bridge().mapping().users().idAttribute());
        assertEquals(bridge().baseUrl() + "/Users/" + userId, user.path("location").asText());
        assertTrue(user.path("version").asText().startsWith("W/\""), user.toString());
        assertFalse(user.has("response"), "successes carry no body");
        assertEquals("201", results.path(1).path("status").asText(), results.toString());
        assertEquals(Set.of(userDn(userName)), memberDns(group));
        JsonNode shown = bridge().get(results.path(1).path("location").asText().substring(bridge().baseUrl().length())).json();
        assertEquals(userId, shown.path("members").path(0).path("value").asText(), shown.toString());
    }

    @Test
    default void aReferenceToAPostLaterInTheRequestIsResolved() {
        String userName = unique("later-user");
        String group = unique("Early Group");
        JsonNode results = results(bulk(null, postGroup("early", group, "bulkId:late"), postUser("late", userName)));
        assertEquals(List.of("201", "201"), List.of(results.path(0).path("status").asText(),
                results.path(1).path("status").asText()), results.toString());
        assertEquals("early", results.path(0).path("bulkId").asText(), "results are listed in request order");
        assertEquals(Set.of(userDn(userName)), memberDns(group));
    }

    @Test
    default void referencesInPathsAndPatchFiltersAreResolved() {
        String first = unique("path-a");
        String second = unique("path-b");
        String group = unique("Path Group");
        JsonNode results = results(bulk(null, postUser("a", first), postUser("b", second), postGroup("g", group, "bulkId:a"),
                "{\"method\":\"PATCH\",\"path\":\"/Groups/bulkId:g\",\"data\":{\"Operations\":["
                        + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"bulkId:a\\\"]\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"bulkId:b\"}]}]}}"));
        assertEquals("200", results.path(3).path("status").asText(), results.toString());
        assertEquals(results.path(2).path("location").asText(), results.path(3).path("location").asText());
        assertEquals(Set.of(userDn(second)), memberDns(group));
    }

    /** RFC 7644 section 3.7.1 lets the server answer circular references with 409; nothing of them is written. */
    @Test
    default void circularReferencesAre409AndCreateNothing() {
        String a = unique("Circle A");
        String b = unique("Circle B");
        JsonNode results = results(bulk(null, postGroup("ca", a, "bulkId:cb"), postGroup("cb", b, "bulkId:ca")));
        for (JsonNode result : results) {
            assertEquals("409", result.path("status").asText(), result.toString());
            assertEquals(ERROR, result.path("response").path("schemas").path(0).asText());
            assertTrue(result.path("response").path("detail").asText().contains("circle"), result.toString());
        }
        assertEquals(null, groupEntry(a));
        assertEquals(null, groupEntry(b));
    }

    @Test
    default void failOnErrorsOneStopsAfterTheFirstFailure() {
        String first = unique("before-failure");
        String after = unique("after-failure");
        int before = bridge().userCount();
        JsonNode results = results(bulk("1", postUser("ok", first),
                "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"bad\",\"data\":{\"displayName\":\"no userName\"}}",
                postUser("never", after)));
        assertEquals(2, results.size(), "the operation after the failure did not run: " + results);
        assertEquals("201", results.path(0).path("status").asText());
        assertEquals("400", results.path(1).path("status").asText());
        assertTrue(bridge().userEntryByUid(first).isPresent());
        assertTrue(bridge().userEntryByUid(after).isEmpty(), "not executed, so not in the directory");
        assertEquals(before + 1, bridge().userCount());
    }

    @Test
    default void withoutFailOnErrorsEveryOperationRunsAndAFailureCarriesItsScimError() {
        String taken = unique("taken");
        String fine = unique("fine");
        assertEquals(201, bridge().send("POST", "/Users", "{\"userName\":\"" + taken + "\"}").status());
        JsonNode results = results(bulk(null, postUser("dup", taken), postUser("fine", fine),
                "{\"method\":\"DELETE\",\"path\":\"/Users/no-such-id\"}"));
        JsonNode duplicate = results.path(0);
        assertEquals("409", duplicate.path("status").asText(), duplicate.toString());
        assertEquals("dup", duplicate.path("bulkId").asText());
        assertFalse(duplicate.has("location"), "a failed POST has no location");
        JsonNode error = duplicate.path("response");
        assertEquals(List.of(ERROR, "409", "uniqueness"), List.of(error.path("schemas").path(0).asText(),
                error.path("status").asText(), error.path("scimType").asText()), error.toString());
        assertFalse(error.path("detail").asText().isBlank());
        assertEquals("201", results.path(1).path("status").asText());
        assertTrue(bridge().userEntryByUid(fine).isPresent());
        assertEquals("404", results.path(2).path("status").asText(), results.toString());
        assertEquals(bridge().baseUrl() + "/Users/no-such-id", results.path(2).path("location").asText());
    }

    @Test
    default void moreOperationsThanMaxOperationsIs413AndRunsNothing() {
        List<String> operations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= BridgeHarness.BULK_MAX_OPERATIONS; i++) {
            names.add(unique("too-many"));
            operations.add(postUser("u" + i, names.getLast()));
        }
        Response refused = bulk(null, operations.toArray(String[]::new));
        assertEquals(413, refused.status(), refused.body());
        assertEquals(ERROR, refused.json().path("schemas").path(0).asText());
        assertTrue(refused.json().path("detail").asText().contains("maxOperations (" + BridgeHarness.BULK_MAX_OPERATIONS + ")"),
                refused.body());
        names.forEach(name -> assertTrue(bridge().userEntryByUid(name).isEmpty(), name));
    }

    @Test
    default void aBodyOverMaxPayloadSizeIs413AndRunsNothing() {
        String userName = unique("too-large");
        Response refused = bulk(null, postUser("big", userName).replace("\"data\":{", "\"data\":{\"title\":\""
                + "x".repeat(BridgeHarness.MAX_PAYLOAD) + "\","));
        assertEquals(413, refused.status(), refused.body());
        assertTrue(refused.json().path("detail").asText().contains("maxPayloadSize (" + BridgeHarness.MAX_PAYLOAD + " bytes)"),
                refused.body());
        assertTrue(bridge().userEntryByUid(userName).isEmpty());
    }

    @Test
    default void patchAndDeleteWithAStaleVersionAre412AndChangeNothing() {
        Response created = bridge().send("POST", "/Users", "{\"userName\":\"" + unique("versioned") + "\",\"title\":\"first\"}");
        String id = created.json().path("id").asText();
        String stale = created.json().path("meta").path("version").asText();
        Response changed = bridge().send("PATCH", "/Users/" + id,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"second\"}]}");
        String current = changed.json().path("meta").path("version").asText();
        assertFalse(stale.equals(current), "the PATCH gave the user a new version");
        String patch = "{\"method\":\"PATCH\",\"path\":\"/Users/" + id + "\",\"version\":\"%s\",\"data\":{\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"third\"}]}}";
        String delete = "{\"method\":\"DELETE\",\"path\":\"/Users/" + id + "\",\"version\":\"%s\"}";
        JsonNode refused = results(bulk(null, patch.formatted(escaped(stale)), delete.formatted(escaped(stale))));
        for (JsonNode result : refused) {
            assertEquals("412", result.path("status").asText(), result.toString());
            assertEquals("412", result.path("response").path("status").asText());
        }
        assertEquals("second", bridge().userEntryById(id).orElseThrow().getAttributeValue("title"));
        JsonNode accepted = results(bulk(null, patch.formatted(escaped(current))));
        assertEquals("200", accepted.path(0).path("status").asText(), accepted.toString());
        String newer = accepted.path(0).path("version").asText();
        assertFalse(newer.isEmpty() || newer.equals(current), accepted.toString());
        assertEquals("third", bridge().userEntryById(id).orElseThrow().getAttributeValue("title"));
        JsonNode deleted = results(bulk(null, delete.formatted(escaped(newer))));
        assertEquals("204", deleted.path(0).path("status").asText(), deleted.toString());
        assertTrue(bridge().userEntryById(id).isEmpty());
    }

    @Test
    default void theServiceProviderConfigAdvertisesBulkAndItsLimits() {
        JsonNode bulk = bridge().get("/ServiceProviderConfig").json().path("bulk");
        assertTrue(bulk.path("supported").asBoolean(), bulk.toString());
        assertEquals(BridgeHarness.BULK_MAX_OPERATIONS, bulk.path("maxOperations").asInt());
        assertEquals(BridgeHarness.MAX_PAYLOAD, bulk.path("maxPayloadSize").asInt());
    }

    @Test
    default void aMalformedBulkRequestIs400AndRunsNothing() {
        String userName = unique("malformed");
        Response refused = bulk(null, postUser("u", userName), "{\"method\":\"GET\",\"path\":\"/Users\"}");
        assertEquals(400, refused.status(), refused.body());
        assertEquals(ERROR, refused.json().path("schemas").path(0).asText());
        assertTrue(bridge().userEntryByUid(userName).isEmpty());
    }
}
