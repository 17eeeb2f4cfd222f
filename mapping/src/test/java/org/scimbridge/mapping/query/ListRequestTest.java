package org.scimbridge.mapping.query;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.mapping.ScimException;

class ListRequestTest {

    private static final int MAX = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private static ListRequest query(Map<String, String> parameters) {
        return ListRequest.fromQuery(name -> Optional.ofNullable(parameters.get(name)), MAX);
    }

    private static ListRequest body(String json) {
        return ListRequest.fromSearchBody(json(json), MAX);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertBadRequest(String scimType, Runnable request) {
        ScimException e = assertThrows(ScimException.class, request::run);
        assertAll(
                () -> assertEquals(400, e.status()),
                () -> assertEquals(scimType, e.scimType(), e::detail));
    }

    @Nested
    class FromQuery {

        @Test
        void noParametersGiveTheDefaults() {
            assertEquals(new ListRequest(Optional.empty(), Optional.empty(), Optional.empty(), 1, MAX, Optional.empty(),
                    Optional.empty()), query(Map.of()));
        }

        @Test
        void everyParameterIsRead() {
            ListRequest request = query(Map.of("filter", "userName eq \"bjensen\"", "sortBy", "name.familyName",
                    "sortOrder", "descending", "startIndex", "11", "count", "10", "attributes", "userName,emails",
                    "excludedAttributes", "meta"));
            assertEquals(new ListRequest(Optional.of("userName eq \"bjensen\""), Optional.of("name.familyName"),
                    Optional.of("descending"), 11, 10, Optional.of("userName,emails"), Optional.of("meta")), request);
        }

        static Stream<Arguments> startIndexes() {
            return Stream.of(
                    arguments("1", 1),
                    arguments("42", 42),
                    arguments("0", 1),
                    arguments("-5", 1),
                    arguments(" 3 ", 3),
                    arguments("", 1),
                    arguments("99999999999999999999", Integer.MAX_VALUE),
                    arguments("-99999999999999999999", 1));
        }

        @ParameterizedTest(name = "[{index}] startIndex=\"{0}\" -> {1}")
        @MethodSource("startIndexes")
        void startIndexBelowOneIsReadAsOne(String startIndex, int expected) {
            assertEquals(expected, query(Map.of("startIndex", startIndex)).startIndex());
        }

        static Stream<Arguments> counts() {
            return Stream.of(
                    arguments("10", 10),
                    arguments("0", 0),
                    arguments("-1", 0),
                    arguments(String.valueOf(MAX), MAX),
                    arguments(String.valueOf(MAX + 1), MAX),
                    arguments("100000", MAX),
                    arguments("99999999999999999999", MAX),
                    arguments("-99999999999999999999", 0),
                    arguments("  ", MAX));
        }

        @ParameterizedTest(name = "[{index}] count=\"{0}\" -> {1}")
        @MethodSource("counts")
        void countIsBoundedByZeroAndTheMaximum(String count, int expected) {
            assertEquals(expected, query(Map.of("count", count)).count());
        }

        @ParameterizedTest(name = "[{index}] count=\"{0}\"")
        @ValueSource(strings = {"ten", "1.5", "0x10", "1e3", "10abc"})
        void nonNumericCountIsInvalidValue(String count) {
            assertBadRequest("invalidValue", () -> query(Map.of("count", count)));
        }

        @ParameterizedTest(name = "[{index}] startIndex=\"{0}\"")
        @ValueSource(strings = {"first", "2.0", "--1"})
        void nonNumericStartIndexIsInvalidValue(String startIndex) {
            assertBadRequest("invalidValue", () -> query(Map.of("startIndex", startIndex)));
        }

        @ParameterizedTest(name = "[{index}] filter=\"{0}\"")
        @ValueSource(strings = {"", " ", "\t"})
        void blankFilterIsNoFilter(String filter) {
            assertEquals(Optional.empty(), query(Map.of("filter", filter)).filter());
        }

        @Test
        void blankAttributesAreNoAttributes() {
            ListRequest request = query(Map.of("attributes", " ", "excludedAttributes", ""));
            assertAll(
                    () -> assertEquals(Optional.empty(), request.attributes()),
                    () -> assertEquals(Optional.empty(), request.excludedAttributes()));
        }

        @Test
        void filterIsStripped() {
            assertEquals(Optional.of("userName pr"), query(Map.of("filter", "  userName pr ")).filter());
        }
    }

    @Nested
    class FromSearchBody {

        /** RFC 7644 section 3.4.3, the example SearchRequest. */
        @Test
        void readsTheRfcExample() {
            ListRequest request = body("""
                    {
                      "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                      "attributes": ["displayName", "userName"],
                      "filter": "displayName sw \\"smith\\"",
                      "startIndex": 1,
                      "count": 10
                    }""");
            assertEquals(new ListRequest(Optional.of("displayName sw \"smith\""), Optional.empty(), Optional.empty(), 1, 10,
                    Optional.of("displayName,userName"), Optional.empty()), request);
        }

        @Test
        void readsEveryMember() {
            ListRequest request = body("""
                    {"schemas": ["%s"], "filter": "userName pr", "sortBy": "userName", "sortOrder": "descending",
                     "startIndex": 5, "count": 20, "excludedAttributes": ["emails", "meta"]}""".formatted(SEARCH_REQUEST));
            assertEquals(new ListRequest(Optional.of("userName pr"), Optional.of("userName"), Optional.of("descending"), 5, 20,
                    Optional.empty(), Optional.of("emails,meta")), request);
        }

        @Test
        void emptyBodyGivesTheDefaults() {
            assertEquals(query(Map.of()), body("{}"));
        }

        @Test
        void attributesAsACommaStringAreAccepted() {
            assertEquals(Optional.of("displayName,userName"), body("{\"attributes\": \"displayName,userName\"}").attributes());
        }

        @Test
        void emptyAttributesArrayIsNoAttributes() {
            assertEquals(Optional.empty(), body("{\"attributes\": []}").attributes());
        }

        @Test
        void countAsAStringIsAccepted() {
            assertEquals(10, body("{\"count\": \"10\"}").count());
        }

        @Test
        void startIndexAsAStringIsAccepted() {
            assertEquals(3, body("{\"startIndex\": \"3\"}").startIndex());
        }

        static Stream<Arguments> boundedBodies() {
            return Stream.of(
                    arguments("{\"startIndex\": 0}", 1, MAX),
                    arguments("{\"startIndex\": -5}", 1, MAX),
                    arguments("{\"count\": -1}", 1, 0),
                    arguments("{\"count\": 1000}", 1, MAX),
                    arguments("{\"count\": 99999999999999999999}", 1, MAX),
                    arguments("{\"startIndex\": 99999999999999999999}", Integer.MAX_VALUE, MAX));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("boundedBodies")
        void boundsAreAppliedAsForQueryParameters(String json, int startIndex, int count) {
            ListRequest request = body(json);
            assertAll(
                    () -> assertEquals(startIndex, request.startIndex()),
                    () -> assertEquals(count, request.count()));
        }

        @Test
        void missingSchemasAreAccepted() {
            assertEquals(Optional.of("userName pr"), body("{\"filter\": \"userName pr\"}").filter());
        }

        @Test
        void wrongSchemasAreInvalidValue() {
            assertBadRequest("invalidValue",
                    () -> body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + " \"filter\": \"userName pr\"}"));
        }

        @Test
        void unknownMemberIsInvalidSyntax() {
            assertBadRequest("invalidSyntax", () -> body("{\"filter\": \"userName pr\", \"limit\": 10}"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"[]", "\"filter\"", "42", "null", "true"})
        void nonObjectBodyIsInvalidSyntax(String json) {
            assertBadRequest("invalidSyntax", () -> body(json));
        }

        @Test
        void missingBodyIsInvalidSyntax() {
            assertBadRequest("invalidSyntax", () -> ListRequest.fromSearchBody(null, MAX));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{\"filter\": 42}", "{\"filter\": [\"userName pr\"]}", "{\"filter\": {}}", "{\"sortBy\": true}"})
        void filterOrSortByThatIsNotAStringIsInvalidSyntax(String json) {
            assertBadRequest("invalidSyntax", () -> body(json));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{\"attributes\": [\"userName\", 42]}", "{\"attributes\": 42}",
                "{\"excludedAttributes\": [null]}", "{\"excludedAttributes\": {\"userName\": true}}"})
        void attributesThatAreNotStringsAreInvalidSyntax(String json) {
            assertBadRequest("invalidSyntax", () -> body(json));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{\"count\": \"ten\"}", "{\"count\": 1.5}", "{\"startIndex\": true}"})
        void nonIntegerCountOrStartIndexIsInvalidValue(String json) {
            assertBadRequest("invalidValue", () -> body(json));
        }

        @Test
        void memberNamesAreCaseInsensitive() {
            ListRequest request = body("""
                    {"SCHEMAS": ["%s"], "Filter": "userName pr", "COUNT": 7, "startindex": 2, "Attributes": ["userName"]}"""
                    .formatted(SEARCH_REQUEST));
            assertAll(
                    () -> assertEquals(Optional.of("userName pr"), request.filter()),
                    () -> assertEquals(7, request.count()),
                    () -> assertEquals(2, request.startIndex()),
                    () -> assertEquals(Optional.of("userName"), request.attributes()));
        }

        @Test
        void jsonNullMembersAreAbsent() {
            assertEquals(body("{}"), body("{\"filter\": null, \"count\": null, \"attributes\": null}"));
        }
    }
}
