package org.scimbridge.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.scimbridge.mapping.ScimException;

class BulkPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<BulkOperation> operations(String... operations) {
        try {
            JsonNode body = JSON.readTree("{\"schemas\":[\"" + BulkRequest.URN + "\"],\"Operations\":["
                    + String.join(",", operations) + "]}");
            return BulkRequest.parse(body, 100).operations();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String postUser(String bulkId) {
        return "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"" + bulkId + "\",\"data\":{\"userName\":\"" + bulkId
                + "\"}}";
    }

    private static String postGroup(String bulkId, String... members) {
        StringBuilder values = new StringBuilder();
        for (String member : members) {
            values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"bulkId:").append(member).append("\"}");
        }
        return "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"" + bulkId + "\",\"data\":{\"displayName\":\"" + bulkId
                + "\",\"members\":[" + values + "]}}";
    }

    @Test
    void withoutReferencesOperationsRunInRequestOrder() {
        assertEquals(List.of(0, 1, 2), BulkPlan.of(operations(postUser("a"), postUser("b"), postUser("c"))).order());
    }

    @Test
    void aForwardReferenceRunsAfterThePostItNames() {
        BulkPlan plan = BulkPlan.of(operations(postGroup("g", "u"), postUser("x"), postUser("u")));
        assertEquals(List.of(1, 2, 0), plan.order());
    }

    @Test
    void aReferenceInThePathCountsToo() {
        String patch = "{\"method\":\"PATCH\",\"path\":\"/Users/bulkId:u\",\"data\":{\"Operations\":[]}}";
        assertEquals(List.of(1, 0), BulkPlan.of(operations(patch, postUser("u"))).order());
    }

    @Test
    void membersOfACircleAreRefusedWith409AndOperationsBehindThemStillGetAPlace() {
        BulkPlan plan = BulkPlan.of(operations(postGroup("a", "b"), postGroup("b", "a"), postGroup("c", "a"), postUser("d")));
        assertEquals(List.of(3, 0, 1, 2), plan.order());
        assertEquals(409, plan.problem(0).orElseThrow().status());
        assertEquals(409, plan.problem(1).orElseThrow().status());
        assertTrue(plan.problem(2).isEmpty(), "c is behind the circle, not in it: it fails when a cannot be resolved");
        assertEquals(409, assertThrows(ScimException.class, () -> plan.resolve(operations(postGroup("c", "a")).getFirst(),
                Map.of())).status());
    }

    @Test
    void aGroupNamingItselfIsACircle() {
        assertEquals(409, BulkPlan.of(operations(postGroup("self", "self"))).problem(0).orElseThrow().status());
    }

    @Test
    void anUndefinedBulkIdIsInvalidValue() {
        ScimException problem = BulkPlan.of(operations(postGroup("g", "nobody"))).problem(0).orElseThrow();
        assertEquals(400, problem.status());
        assertEquals("invalidValue", problem.scimType());
    }

    @Test
    void resolvingReplacesWholeValuesQuotedValuesAndThePathId() {
        List<BulkOperation> parsed = operations(postUser("u"), "{\"method\":\"PATCH\",\"path\":\"/Groups/bulkId:g\",\"data\":"
                + "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"bulkId:u\\\"]\"},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"bulkId:u\"}]}]}}", postGroup("g"));
        BulkOperation resolved = BulkPlan.of(parsed).resolve(parsed.get(1), Map.of("u", "id-1", "g", "id-2"));
        assertEquals("id-2", resolved.id().orElseThrow());
        assertEquals("members[value eq \"id-1\"]", resolved.data().path("Operations").path(0).path("path").asText());
        assertEquals("id-1", resolved.data().path("Operations").path(1).path("value").path(0).path("value").asText());
        assertTrue(parsed.get(1).data().toString().contains("bulkId:u"), "the request itself is left as it was");
    }

    @Test
    void requestShapeErrorsRefuseTheWholeRequest() {
        record Case(String operation, int status, String scimType) {
        }
        List<Case> cases = List.of(
                new Case("{\"method\":\"GET\",\"path\":\"/Users/1\"}", 400, "invalidValue"),
                new Case("{\"path\":\"/Users\",\"data\":{}}", 400, "invalidSyntax"),
                new Case("{\"method\":\"POST\",\"path\":\"/Users/1\",\"data\":{}}", 400, "invalidPath"),
                new Case("{\"method\":\"DELETE\",\"path\":\"/Users\"}", 400, "invalidPath"),
                new Case("{\"method\":\"PUT\",\"path\":\"/Schemas/1\",\"data\":{}}", 400, "invalidPath"),
                new Case("{\"method\":\"PATCH\",\"path\":\"/Users/1\"}", 400, "invalidSyntax"),
                new Case("{\"method\":\"DELETE\",\"path\":\"/Users/1\",\"version\":7}", 400, "invalidSyntax"),
                new Case(postUser("twice") + "," + postUser("twice"), 400, "invalidValue"));
        for (Case c : cases) {
            ScimException e = assertThrows(ScimException.class, () -> operations(c.operation()), c.operation());
            assertEquals(c.status() + " " + c.scimType(), e.status() + " " + e.scimType(), c.operation() + ": " + e.detail());
        }
    }

    @Test
    void moreOperationsThanTheLimitIs413NamingTheLimit() throws Exception {
        JsonNode body = JSON.readTree("{\"Operations\":[" + postUser("a") + "," + postUser("b") + "]}");
        ScimException e = assertThrows(ScimException.class, () -> BulkRequest.parse(body, 1));
        assertEquals(413, e.status());
        assertTrue(e.detail().contains("maxOperations (1)"), e.detail());
    }

    @Test
    void failOnErrorsMustBeAPositiveInteger() throws Exception {
        for (String value : List.of("0", "-1", "1.5", "\"1\"")) {
            JsonNode body = JSON.readTree("{\"failOnErrors\":" + value + ",\"Operations\":[" + postUser("a") + "]}");
            assertEquals(400, assertThrows(ScimException.class, () -> BulkRequest.parse(body, 10), value).status());
        }
        JsonNode body = JSON.readTree("{\"failOnErrors\":2,\"Operations\":[" + postUser("a") + "]}");
        assertEquals(2, BulkRequest.parse(body, 10).failOnErrors().orElseThrow());
    }
}
