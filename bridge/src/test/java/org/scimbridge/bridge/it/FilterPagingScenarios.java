package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * Filters, paging, sorting and projection over {@link BulkUsers} (2,000 users), run against every directory. The
 * expected results are computed from the rules that generated the data; every page is walked.
 */
public interface FilterPagingScenarios {

    String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** A bridge whose users live in {@link BulkUsers#BASE}, with maxResults 500. */
    BridgeHarness bulkBridge();

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private List<String> walk(String query, int pageSize) {
        List<String> userNames = new ArrayList<>();
        int total = -1;
        for (int start = 1; total < 0 || start <= total; start += pageSize) {
            Response response = bulkBridge().get("/Users?" + query + (query.isEmpty() ? "" : "&") + "startIndex=" + start
                    + "&count=" + pageSize);
            assertEquals(200, response.status(), response.body());
            JsonNode page = response.json();
            if (total >= 0) {
                assertEquals(total, page.path("totalResults").asInt(), "totalResults stays the same on every page");
            }
            total = page.path("totalResults").asInt();
            assertEquals(start, page.path("startIndex").asInt());
            int expectedItems = Math.max(0, Math.min(pageSize, total - start + 1));
            assertEquals(expectedItems, page.path("itemsPerPage").asInt(), "page at " + start);
            page.path("Resources").forEach(r -> userNames.add(r.path("userName").asText()));
            if (total == 0) {
                break;
            }
        }
        assertEquals(Math.max(total, 0), userNames.size(), "every page walked, no gap");
        assertEquals(userNames.size(), userNames.stream().distinct().count(), "no duplicate across pages");
        return userNames;
    }

    private static List<String> expected(IntPredicate which) {
        return IntStream.range(0, BulkUsers.COUNT).filter(which).mapToObj(BulkUsers::userName).toList();
    }

    static Stream<Arguments> filters() {
        String later = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        return Stream.of(
                Arguments.of("userName eq \"u0042\"", (IntPredicate) i -> i == 42),
                Arguments.of("USERNAME EQ \"U0042\"", (IntPredicate) i -> i == 42),
                Arguments.of("userName ne \"u0042\"", (IntPredicate) i -> i != 42),
                Arguments.of("userName sw \"u01\"", (IntPredicate) i -> i >= 100 && i < 200),
                Arguments.of("userName ew \"7\"", (IntPredicate) i -> i % 10 == 7),
                Arguments.of("userName co \"99\"", (IntPredicate) i -> BulkUsers.userName(i).contains("99")),
                Arguments.of("title eq \"manager\"", (IntPredicate) i -> BulkUsers.title(i).equals("Manager")),
                Arguments.of("phoneNumbers pr", (IntPredicate) i -> BulkUsers.hasPhone(i) || BulkUsers.hasMobile(i)),
                Arguments.of("phoneNumbers[type eq \"mobile\"]", (IntPredicate) BulkUsers::hasMobile),
                Arguments.of("phoneNumbers[type eq \"work\" and value sw \"+1 555 01\"]",
                        (IntPredicate) i -> BulkUsers.hasPhone(i) && i >= 100 && i < 200),
                Arguments.of("emails[type eq \"work\" and value ew \"@alt.example.org\"]", (IntPredicate) BulkUsers::hasAltMail),
                Arguments.of("emails.value co \"alt.example\"", (IntPredicate) BulkUsers::hasAltMail),
                Arguments.of("emails co \"@bulk.example.com\"", (IntPredicate) i -> true),
                Arguments.of("name.familyName eq \"" + BulkUsers.family(3) + "\"", (IntPredicate) i -> i % 50 == 3),
                Arguments.of("name.givenName sw \"R\"", (IntPredicate) i -> BulkUsers.given(i).startsWith("R")),
                Arguments.of(ENTERPRISE + ":department eq \"Sales\"", (IntPredicate) i -> BulkUsers.department(i).equals("Sales")),
                Arguments.of("title eq \"Engineer\" and preferredLanguage eq \"de-DE\"",
                        (IntPredicate) i -> BulkUsers.title(i).equals("Engineer") && BulkUsers.language(i).equals("de-DE")),
                Arguments.of("title eq \"Engineer\" or title eq \"Director\"",
                        (IntPredicate) i -> BulkUsers.title(i).equals("Engineer") || BulkUsers.title(i).equals("Director")),
                Arguments.of("not (title eq \"Engineer\")", (IntPredicate) i -> !BulkUsers.title(i).equals("Engineer")),
                Arguments.of("(title eq \"Engineer\" or title eq \"Analyst\") and not (" + ENTERPRISE + ":department eq \"R&D\")",
                        (IntPredicate) i -> (BulkUsers.title(i).equals("Engineer") || BulkUsers.title(i).equals("Analyst"))
                                && !BulkUsers.department(i).equals("R&D")),
                Arguments.of("title eq \"Engineer\" or title eq \"Analyst\" and userName sw \"u000\"",
                        (IntPredicate) i -> BulkUsers.title(i).equals("Engineer") || BulkUsers.title(i).equals("Analyst") && i < 10),
                Arguments.of("externalId eq \"X42\"", (IntPredicate) i -> i == 42),
                Arguments.of("externalId eq X42", (IntPredicate) i -> i == 42),
                Arguments.of("displayName pr", (IntPredicate) i -> true),
                Arguments.of("title eq null", (IntPredicate) i -> false),
                Arguments.of("userName eq \"x\" or displayName pr", (IntPredicate) i -> true),
                Arguments.of("meta.created le \"" + later + "\"", (IntPredicate) i -> true),
                Arguments.of("meta.created gt \"" + later + "\"", (IntPredicate) i -> false),
                Arguments.of("meta.lastModified ge \"2000-01-01T00:00:00Z\"", (IntPredicate) i -> true),
                Arguments.of("meta.lastModified lt \"2000-01-01T00:00:00+02:00\"", (IntPredicate) i -> false),
                Arguments.of("meta.resourceType eq \"User\" and userName eq \"u0007\"", (IntPredicate) i -> i == 7),
                Arguments.of("userName eq \"*)(uid=*\"", (IntPredicate) i -> false),
                Arguments.of("userName sw \"u00\" and userName co \"*\"", (IntPredicate) i -> false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.scimbridge.bridge.it.FilterPagingScenarios#filters")
    default void everyOperatorMatchesExactlyWhatTheDataSays(String filter, IntPredicate which) {
        List<String> found = walk("filter=" + enc(filter), 500);
        assertEquals(expected(which), found.stream().sorted().toList(), filter);
    }

    @Test
    default void orderingOnAnAttributeWithoutOrderingRuleIsAClearError() {
        Response response = bulkBridge().get("/Users?filter=" + enc("title gt \"A\""));
        assertEquals(400, response.status(), response.body());
        assertEquals("invalidFilter", response.json().path("scimType").asText());
        assertTrue(response.json().path("detail").asText().contains("ordering"), response.body());
    }

    @Test
    default void walkingAllPagesOf100GivesEveryUserOnceInNameOrder() {
        List<String> all = walk("", 100);
        assertEquals(expected(i -> true), all, "default order is by the naming attribute, ascending");
    }

    @Test
    default void sortByFamilyNameDescendingKeepsTiesInNameOrder() {
        List<String> sorted = walk("sortBy=name.familyName&sortOrder=descending", 250);
        List<String> expected = IntStream.range(0, BulkUsers.COUNT).boxed()
                .sorted(Comparator.comparing((Integer i) -> BulkUsers.family(i).toLowerCase()).reversed()
                        .thenComparing(BulkUsers::userName))
                .map(BulkUsers::userName).toList();
        assertEquals(expected, sorted);
    }

    @Test
    default void sortByUserNameBothWays() {
        List<String> ascending = walk("filter=" + enc("userName sw \"u19\"") + "&sortBy=userName", 30);
        List<String> descending = walk("filter=" + enc("userName sw \"u19\"") + "&sortBy=userName&sortOrder=DESCENDING", 30);
        assertEquals(100, ascending.size());
        assertEquals(ascending.reversed(), descending);
    }

    @Test
    default void countZeroReturnsOnlyTheTotal() {
        Response response = bulkBridge().get("/Users?count=0");
        assertEquals(200, response.status(), response.body());
        JsonNode page = response.json();
        assertEquals(BulkUsers.COUNT, page.path("totalResults").asInt());
        assertEquals(0, page.path("itemsPerPage").asInt());
        assertEquals(0, page.path("Resources").size());
    }

    @Test
    default void aPageBeyondTheEndIsEmptyWithTheTotal() {
        Response response = bulkBridge().get("/Users?startIndex=5000&count=10");
        assertEquals(200, response.status(), response.body());
        JsonNode page = response.json();
        assertEquals(BulkUsers.COUNT, page.path("totalResults").asInt());
        assertEquals(0, page.path("Resources").size());
    }

    @Test
    default void countAboveTheMaximumIsCappedAndAbsurdValuesTooThenStartIndexBelowOneIsOne() {
        JsonNode capped = bulkBridge().get("/Users?count=100000").json();
        assertEquals(500, capped.path("itemsPerPage").asInt(), "maxResults caps count");
        JsonNode absurd = bulkBridge().get("/Users?count=99999999999999999999&startIndex=-3").json();
        assertEquals(500, absurd.path("itemsPerPage").asInt());
        assertEquals(1, absurd.path("startIndex").asInt());
        assertEquals(BulkUsers.userName(0), absurd.path("Resources").path(0).path("userName").asText());
    }

    @Test
    default void attributesReturnsOnlyWhatWasAskedPlusIdAndSchemas() {
        JsonNode user = bulkBridge().get("/Users?filter=" + enc("userName eq \"u0010\"") + "&attributes=userName,emails.value")
                .json().path("Resources").path(0);
        List<String> members = new ArrayList<>();
        user.fieldNames().forEachRemaining(members::add);
        assertEquals(List.of("schemas", "id", "userName", "emails"), members);
        assertEquals(2, user.path("emails").size());
        assertEquals(1, user.path("emails").path(0).size(), "only the value sub-attribute: " + user);
        assertFalse(user.path("schemas").toString().contains(ENTERPRISE));
    }

    @Test
    default void excludedAttributesDropsThemAndKeepsTheRest() {
        JsonNode user = bulkBridge().get("/Users?filter=" + enc("userName eq \"u0010\"")
                + "&excludedAttributes=phoneNumbers,name,emails.type," + ENTERPRISE + ":department").json().path("Resources").path(0);
        assertTrue(user.path("phoneNumbers").isMissingNode());
        assertTrue(user.path("name").isMissingNode());
        assertEquals("u0010@bulk.example.com", user.path("emails").path(0).path("value").asText());
        assertTrue(user.path("emails").path(0).path("type").isMissingNode(), user.toString());
        assertEquals("u0010", user.path("userName").asText());
        assertFalse(user.path("meta").isMissingNode());
        assertTrue(user.path(ENTERPRISE).path("department").isMissingNode());
    }

    @Test
    default void projectionAppliesToASingleResourceToo() {
        String id = bulkBridge().get("/Users?filter=" + enc("userName eq \"u0011\"")).json().path("Resources").path(0).path("id").asText();
        JsonNode user = bulkBridge().get("/Users/" + id + "?attributes=title").json();
        assertEquals(BulkUsers.title(11), user.path("title").asText());
        assertTrue(user.path("userName").isMissingNode());
        assertEquals(id, user.path("id").asText());
    }

    @Test
    default void postSearchMatchesGet() {
        String body = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"title eq \\"Director\\" and userName sw \\"u00\\"","sortBy":"userName","sortOrder":"descending",
                 "startIndex":2,"count":5,"attributes":["userName","title"]}""";
        Response search = bulkBridge().send("POST", "/Users/.search", body);
        assertEquals(200, search.status(), search.body());
        JsonNode page = search.json();
        assertEquals(25, page.path("totalResults").asInt());
        assertEquals(List.of("u0095", "u0091", "u0087", "u0083", "u0079"),
                page.path("Resources").findValuesAsText("userName"));
        Response root = bulkBridge().send("POST", "/.search", body);
        assertEquals(search.json(), root.json(), "a root search covers Users");
        Response bad = bulkBridge().send("POST", "/Users/.search", "{\"filter\":\"userName eq\",\"shoe\":1}");
        assertEquals(400, bad.status(), bad.body());
    }

    @Test
    default void malformedFiltersSayWhere() {
        Response response = bulkBridge().get("/Users?filter=" + enc("userName eq \"a\" and (title eq \"b\""));
        assertEquals(400, response.status());
        assertEquals("invalidFilter", response.json().path("scimType").asText());
        assertTrue(response.json().path("detail").asText().contains("position"), response.body());
        Response deep = bulkBridge().get("/Users?filter=" + enc("(".repeat(60) + "userName eq \"a\"" + ")".repeat(60)));
        assertEquals("invalidFilter", deep.json().path("scimType").asText(), deep.body());
        Response sortBy = bulkBridge().get("/Users?sortBy=nickName");
        assertEquals(400, sortBy.status(), sortBy.body());
    }
}
