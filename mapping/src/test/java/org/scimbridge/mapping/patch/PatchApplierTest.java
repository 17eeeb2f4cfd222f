package org.scimbridge.mapping.patch;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.scimbridge.mapping.patch.PatchFixtures.BJENSEN;
import static org.scimbridge.mapping.patch.PatchFixtures.ENTERPRISE;
import static org.scimbridge.mapping.patch.PatchFixtures.JOHN;
import static org.scimbridge.mapping.patch.PatchFixtures.MANDY;
import static org.scimbridge.mapping.patch.PatchFixtures.NEW_HIRE;
import static org.scimbridge.mapping.patch.PatchFixtures.USER_ID;
import static org.scimbridge.mapping.patch.PatchFixtures.at;
import static org.scimbridge.mapping.patch.PatchFixtures.body;
import static org.scimbridge.mapping.patch.PatchFixtures.groupFails;
import static org.scimbridge.mapping.patch.PatchFixtures.json;
import static org.scimbridge.mapping.patch.PatchFixtures.node;
import static org.scimbridge.mapping.patch.PatchFixtures.parseUser;
import static org.scimbridge.mapping.patch.PatchFixtures.patchGroup;
import static org.scimbridge.mapping.patch.PatchFixtures.patchUser;
import static org.scimbridge.mapping.patch.PatchFixtures.userFails;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.patch.PatchOperation.Op;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Mutability;
import org.scimbridge.mapping.schema.AttributeDefinition.Returned;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.AttributeDefinition.Uniqueness;
import org.scimbridge.mapping.schema.CoreSchemas;
import org.scimbridge.mapping.schema.ScimSchema;

/** RFC 7644 section 3.5.2, one rule per test, against Barbara Jensen (RFC 7643 section 8.2) and the Tour Guides group. */
class PatchApplierTest {

    private static final String DEPARTMENT = "/" + ENTERPRISE + "/department";

    // --- add (section 3.5.2.1) ---

    @Test
    void addWithoutPathMergesTheListedAttributesIntoTheResource() {
        PatchResult result = patchUser("""
                {"op": "add", "value": {"nickName": "Babs", "name": {"middleName": "Jane"}}}""");

        assertAll(
                () -> assertEquals("Babs", at(result, "/nickName").asText()),
                () -> assertEquals("Jane", at(result, "/name/middleName").asText()),
                () -> assertEquals("Barbara", at(result, "/name/givenName").asText()));
    }

    @Test
    void addCreatesAnAttributeThatWasAbsent() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "nickName", "value": "Babs"}""");

        assertEquals("Babs", at(result, "/nickName").asText());
    }

    @Test
    void addToASingleValuedAttributeReplacesItsValue() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "title", "value": "Senior Tour Guide"}""");

        assertEquals("Senior Tour Guide", at(result, "/title").asText());
    }

    @Test
    void addToAComplexAttributeMergesItsSubAttributes() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "name", "value": {"honorificPrefix": "Ms."}}""");

        assertEquals(json("""
                {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara",
                 "honorificPrefix": "Ms."}"""), at(result, "/name"));
    }

    @Test
    void addOfASubAttributeSetsOnlyThatSubAttribute() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "name.middleName", "value": "Jane"}""");

        assertAll(
                () -> assertEquals("Jane", at(result, "/name/middleName").asText()),
                () -> assertEquals(4, at(result, "/name").size()));
    }

    @Test
    void addToAMultiValuedAttributeAppendsTheNewValues() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "emails", "value": [{"value": "barbara@tours.example", "type": "other"}]}""");

        assertAll(
                () -> assertEquals(3, at(result, "/emails").size()),
                () -> assertEquals("barbara@tours.example", at(result, "/emails/2/value").asText()));
    }

    @Test
    void addOfAValueAlreadyPresentChangesNothing() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "emails", "value": [{"value": "babs@jensen.org", "type": "home"}]}""");

        assertAll(
                () -> assertEquals(2, at(result, "/emails").size()),
                () -> assertFalse(result.changed()));
    }

    @Test
    void addWithValuePathAndSubAttributeSetsItOnTheMatchingValue() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "emails[type eq \\"home\\"].display", "value": "Babs at home"}""");

        assertAll(
                () -> assertEquals("Babs at home", at(result, "/emails/1/display").asText()),
                () -> assertTrue(at(result, "/emails/0/display").isMissingNode()));
    }

    @Test
    void addWithValuePathMergesTheValueIntoTheMatchingValue() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "emails[type eq \\"home\\"]", "value": {"display": "Babs at home"}}""");

        assertEquals(json("""
                {"value": "babs@jensen.org", "type": "home", "display": "Babs at home"}"""), at(result, "/emails/1"));
    }

    @Test
    void addOfAnExtensionAttributeByUrnPath() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
                 "value": "4130"}""");

        assertEquals("4130", at(result, "/" + ENTERPRISE + "/costCenter").asText());
    }

    @Test
    void addOfTheFirstExtensionAttributeCreatesTheExtensionAndListsItsSchema() {
        PatchResult result = patchUser(NEW_HIRE, """
                {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                 "value": "Sales"}""");

        assertAll(
                () -> assertEquals("Sales", at(result, DEPARTMENT).asText()),
                () -> assertEquals(node("[\"" + CoreSchemas.USER_URN + "\", \"" + ENTERPRISE + "\"]"), at(result, "/schemas")));
    }

    @Test
    void addWithTheExtensionUrnAsPathAddsItsAttributes() {
        PatchResult result = patchUser(NEW_HIRE, """
                {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                 "value": {"employeeNumber": "1234", "division": "EMEA"}}""");

        assertEquals(json("{\"employeeNumber\": \"1234\", \"division\": \"EMEA\"}"), at(result, "/" + ENTERPRISE));
    }

    @Test
    void addWithoutPathAcceptsTheExtensionAsANestedObject() {
        PatchResult result = patchUser("""
                {"op": "add",
                 "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"costCenter": "4130"}}}""");

        assertAll(
                () -> assertEquals("4130", at(result, "/" + ENTERPRISE + "/costCenter").asText()),
                () -> assertEquals("Tour Operations", at(result, DEPARTMENT).asText()));
    }

    // --- replace (section 3.5.2.3) ---

    @Test
    void replaceWithoutPathReplacesOnlyTheListedAttributes() {
        PatchResult result = patchUser("""
                {"op": "replace", "value": {"displayName": "Barbara Jensen", "title": "Guide"}}""");

        assertAll(
                () -> assertEquals("Barbara Jensen", at(result, "/displayName").asText()),
                () -> assertEquals("Guide", at(result, "/title").asText()),
                () -> assertEquals("bjensen@example.com", at(result, "/userName").asText()));
    }

    @Test
    void replaceOfASimpleAttributeSetsIt() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "userName", "value": "barbara.jensen@example.com"}""");

        assertEquals("barbara.jensen@example.com", at(result, "/userName").asText());
    }

    @Test
    void replaceOfAComplexAttributeLeavesUnmentionedSubAttributesUnchanged() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "name", "value": {"familyName": "Jensen-Smith"}}""");

        assertAll(
                () -> assertEquals("Jensen-Smith", at(result, "/name/familyName").asText()),
                () -> assertEquals("Barbara", at(result, "/name/givenName").asText()));
    }

    @Test
    void replaceOfASubAttributeSetsOnlyThatSubAttribute() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "name.familyName", "value": "Jensen-Smith"}""");

        assertEquals(json("""
                {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen-Smith", "givenName": "Barbara"}"""),
                at(result, "/name"));
    }

    @Test
    void replaceOfAMultiValuedAttributeWithoutFilterReplacesAllItsValues() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "emails", "value": [{"value": "babs@tours.example", "type": "work"}]}""");

        assertEquals(node("[{\"value\": \"babs@tours.example\", \"type\": \"work\"}]"), at(result, "/emails"));
    }

    @Test
    void replaceWithValuePathReplacesTheWholeMatchingValue() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "emails[type eq \\"home\\"]",
                 "value": {"value": "babs@home.example", "type": "home"}}""");

        assertEquals(json("{\"value\": \"babs@home.example\", \"type\": \"home\"}"), at(result, "/emails/1"));
    }

    @Test
    void replaceWithValuePathAndSubAttributeReplacesOnlyThatSubAttribute() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "barbara@example.com"}""");

        assertEquals(json("{\"value\": \"barbara@example.com\", \"type\": \"work\", \"primary\": true}"),
                at(result, "/emails/0"));
    }

    @Test
    void replaceWithValuePathMatchingNothingIsNoTarget() {
        ScimException error = userFails("""
                {"op": "replace", "path": "emails[type eq \\"other\\"].value", "value": "x@example.com"}""");

        assertEquals("noTarget", error.scimType());
    }

    @Test
    void replaceWithValuePathOnAnAttributeWithoutValuesIsNoTarget() {
        ScimException error = userFails("""
                {"op": "replace", "path": "ims[type eq \\"xmpp\\"].value", "value": "babs@jabber.example"}""");

        assertEquals("noTarget", error.scimType());
    }

    @Test
    void replaceOfAnUrnQualifiedSubAttribute() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                 "value": "%s"}""".formatted(MANDY));

        assertEquals(MANDY, at(result, "/" + ENTERPRISE + "/manager/value").asText());
    }

    @Test
    void replaceWithACoreUrnQualifiedPathTargetsTheCoreAttribute() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:displayName", "value": "Barbara"}""");

        assertEquals("Barbara", at(result, "/displayName").asText());
    }

    @Test
    void replaceWithAnEmptyArrayClearsAMultiValuedAttribute() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "phoneNumbers", "value": []}""");

        assertTrue(at(result, "/phoneNumbers").isMissingNode());
    }

    // --- remove (section 3.5.2.2) ---

    @Test
    void removeOfASimpleAttributeDeletesIt() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "title"}""");

        assertFalse(result.resource().has("title"));
    }

    @Test
    void removeOfASubAttributeKeepsTheOthers() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "name.formatted"}""");

        assertEquals(json("{\"familyName\": \"Jensen\", \"givenName\": \"Barbara\"}"), at(result, "/name"));
    }

    @Test
    void removeOfTheLastSubAttributeRemovesTheComplexAttribute() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "name.formatted"},
                {"op": "remove", "path": "name.familyName"},
                {"op": "remove", "path": "name.givenName"}""");

        assertFalse(result.resource().has("name"));
    }

    @Test
    void removeOfAMultiValuedAttributeWithoutFilterRemovesAllValues() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "emails"}""");

        assertFalse(result.resource().has("emails"));
    }

    @Test
    void removeWithValuePathRemovesOnlyTheMatchingValues() {
        PatchResult result = patchGroup("""
                {"op": "remove", "path": "members[value eq \\"%s\\"]"}""".formatted(USER_ID));

        assertAll(
                () -> assertEquals(1, at(result, "/members").size()),
                () -> assertEquals(MANDY, at(result, "/members/0/value").asText()));
    }

    @Test
    void removeOfTheLastValueRemovesTheAttribute() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "phoneNumbers[type eq \\"work\\"]"}""");

        assertFalse(result.resource().has("phoneNumbers"));
    }

    @Test
    void removeWithValuePathAndSubAttributeRemovesOnlyThatSubAttribute() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "emails[type eq \\"work\\"].primary"}""");

        assertEquals(json("{\"value\": \"bjensen@example.com\", \"type\": \"work\"}"), at(result, "/emails/0"));
    }

    @Test
    void removeWithAValuePathMatchingNothingChangesNothing() {
        PatchResult result = patchGroup("""
                {"op": "remove", "path": "members[value eq \\"no-such-user\\"]"}""");

        assertAll(
                () -> assertEquals(2, at(result, "/members").size()),
                () -> assertFalse(result.changed()));
    }

    @Test
    void removeOfTheLastExtensionAttributeDropsTheExtensionAndItsSchema() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"},
                {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"},
                {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}""");

        assertAll(
                () -> assertFalse(result.resource().has(ENTERPRISE)),
                () -> assertEquals(node("[\"" + CoreSchemas.USER_URN + "\"]"), at(result, "/schemas")));
    }

    @Test
    void removeWithTheExtensionUrnAsPathRemovesAllItsAttributes() {
        PatchResult result = patchUser("""
                {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}""");

        assertAll(
                () -> assertFalse(result.resource().has(ENTERPRISE)),
                () -> assertEquals(List.of(ENTERPRISE + ":employeeNumber", ENTERPRISE + ":department", ENTERPRISE + ":manager"),
                        List.copyOf(result.changedAttributes())));
    }

    @Test
    void removeWithoutPathIsNoTarget() {
        ScimException error = userFails("""
                {"op": "remove", "value": {"title": "Tour Guide"}}""");

        assertEquals("noTarget", error.scimType());
    }

    // --- value filters, evaluated in memory on each value ---

    static Stream<Arguments> valueFilters() {
        return Stream.of(
                arguments("type eq \"work\"", List.of("babs@jensen.org")),
                arguments("type eq \"WORK\"", List.of("babs@jensen.org")),
                arguments("type ne \"work\"", List.of("bjensen@example.com")),
                arguments("value co \"@example.com\"", List.of("babs@jensen.org")),
                arguments("value sw \"BABS\"", List.of("bjensen@example.com")),
                arguments("value ew \".org\"", List.of("bjensen@example.com")),
                arguments("value gt \"b\"", List.of()),
                arguments("value ge \"bjensen@example.com\"", List.of("babs@jensen.org")),
                arguments("value lt \"bjensen\"", List.of("bjensen@example.com")),
                arguments("value le \"babs@jensen.org\"", List.of("bjensen@example.com")),
                arguments("primary pr", List.of("babs@jensen.org")),
                arguments("primary eq true", List.of("babs@jensen.org")),
                arguments("not (type eq \"work\")", List.of("bjensen@example.com")),
                arguments("type eq \"work\" or type eq \"home\"", List.of()),
                arguments("type eq \"work\" and value co \"@example.com\"", List.of("babs@jensen.org")),
                arguments("type eq \"work\" and value co \"@jensen.org\"", List.of("bjensen@example.com", "babs@jensen.org")));
    }

    @ParameterizedTest(name = "[{index}] emails[{0}]")
    @MethodSource("valueFilters")
    void removeWithAValueFilterLeavesTheValuesItDoesNotMatch(String filter, List<String> remaining) {
        String path = ("emails[" + filter + "]").replace("\"", "\\\"");
        PatchResult result = patchUser("{\"op\": \"remove\", \"path\": \"" + path + "\"}");

        List<String> left = result.resource().path("emails").valueStream().map(e -> e.path("value").asText()).toList();
        assertEquals(remaining, left);
    }

    @Test
    void caseExactSubAttributesCompareCaseSensitively() {
        AttributeDefinition code = new AttributeDefinition("code", Type.STRING, false, false, true, Mutability.READ_WRITE,
                Returned.DEFAULT, Uniqueness.NONE, List.of(), List.of(), List.of(), "");
        AttributeDefinition badges = new AttributeDefinition("badges", Type.COMPLEX, true, false, false,
                Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE, List.of(code), List.of(), List.of(), "");
        ScimSchema schema = new ScimSchema("urn:example:Badge", "Badge", "", List.of(badges));
        ObjectNode resource = json("{\"badges\": [{\"code\": \"AbC\"}, {\"code\": \"abc\"}]}");

        PatchResult result = PatchApplier.apply(resource,
                List.of(PatchOperation.of(Op.REMOVE, "badges[code eq \"abc\"]", null, 0)), schema, null);

        assertEquals(node("[{\"code\": \"AbC\"}]"), at(result, "/badges"));
    }

    // --- primary (RFC 7643 section 2.4) ---

    @Test
    void addingAPrimaryValueClearsPrimaryOnTheOthers() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "emails", "value": [{"value": "babs@tours.example", "type": "other", "primary": true}]}""");

        assertAll(
                () -> assertFalse(at(result, "/emails/0/primary").asBoolean()),
                () -> assertTrue(at(result, "/emails/2/primary").asBoolean()));
    }

    @Test
    void settingPrimaryThroughAValuePathClearsItOnTheOthers() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "emails[type eq \\"home\\"].primary", "value": true}""");

        assertAll(
                () -> assertFalse(at(result, "/emails/0/primary").asBoolean()),
                () -> assertTrue(at(result, "/emails/1/primary").asBoolean()));
    }

    @Test
    void twoPrimaryValuesInOneOperationAreInvalidValue() {
        ScimException error = userFails("""
                {"op": "replace", "path": "emails", "value": [{"value": "a@example.com", "primary": true},
                                                             {"value": "b@example.com", "primary": true}]}""");

        assertEquals("invalidValue", error.scimType());
    }

    // --- errors ---

    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                arguments("nickname2", "no attribute 'nickname2'"),
                arguments("name.nickName", "'name' has no sub-attribute 'nickName'"),
                arguments("title.value", "'title' has no sub-attributes"),
                arguments("department", "no attribute 'department'"),
                arguments("urn:example:params:scim:schemas:Custom:badge", "not a schema of this resource"),
                arguments("emails[type eq \"work\"", "expected 'and', 'or' or ']'"),
                arguments("emails[kind eq \"work\"]", "'emails' has no sub-attribute 'kind'"),
                arguments("name[givenName eq \"Barbara\"].familyName", "'name' is single-valued"),
                arguments("emails.value", "'emails' is multi-valued; select the values first"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void pathsNamingNothingInTheSchemaAreInvalidPath(String path, String detail) {
        String escaped = path.replace("\"", "\\\"");
        ScimException error = userFails("{\"op\": \"replace\", \"path\": \"" + escaped + "\", \"value\": \"x\"}");

        assertAll(
                () -> assertEquals("invalidPath", error.scimType()),
                () -> assertTrue(error.detail().contains(detail), error.detail()));
    }

    static Stream<Arguments> readOnlyTargets() {
        return Stream.of(
                arguments("replace", "id", "\"4d2b0f1e\""),
                arguments("replace", "meta.lastModified", "\"2026-01-01T00:00:00Z\""),
                arguments("remove", "meta", "null"),
                arguments("replace", "schemas", "[\"" + CoreSchemas.USER_URN + "\"]"),
                arguments("add", "groups", "[{\"value\": \"" + MANDY + "\"}]"),
                arguments("replace", ENTERPRISE + ":manager.displayName", "\"Jane Doe\""));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("readOnlyTargets")
    void readOnlyAttributesAreMutabilityErrors(String op, String path, String value) {
        ScimException error = userFails("{\"op\": \"" + op + "\", \"path\": \"" + path + "\", \"value\": " + value + "}");

        assertEquals("mutability", error.scimType());
    }

    @Test
    void immutableMemberValueCannotBeReplaced() {
        ScimException error = groupFails("""
                {"op": "replace", "path": "members[value eq \\"%s\\"].value", "value": "%s"}""".formatted(USER_ID, JOHN));

        assertEquals("mutability", error.scimType());
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                arguments("active", "\"yes\"", "'active' is a boolean, not a string"),
                arguments("title", "42", "'title' is a string, not a number"),
                arguments("emails", "{\"value\": \"babs@tours.example\"}", "expected an array of values, not an object"),
                arguments("name", "\"Barbara Jensen\"", "'name' is a complex, not a string"),
                arguments("emails[type eq \\\"work\\\"].primary", "\"maybe\"", "is a boolean, not a string"),
                arguments("title", "null", "replace needs a \\\"value\\\""));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @MethodSource("wrongTypes")
    void valuesOfTheWrongJsonTypeAreInvalidValue(String path, String value, String detail) {
        ScimException error = userFails("{\"op\": \"replace\", \"path\": \"" + path + "\", \"value\": " + value + "}");

        assertAll(
                () -> assertEquals("invalidValue", error.scimType()),
                () -> assertTrue(error.detail().contains(detail.replace("\\\"", "\"")), error.detail()));
    }

    @Test
    void addWithoutValueIsInvalidValue() {
        ScimException error = userFails("""
                {"op": "add", "path": "nickName"}""");

        assertEquals("invalidValue", error.scimType());
    }

    @Test
    void unknownOpIsInvalidSyntaxNamingTheOpAndItsIndex() {
        ScimException error = userFails("""
                {"op": "add", "path": "nickName", "value": "Babs"},
                {"op": "merge", "path": "title", "value": "Guide"}""");

        assertAll(
                () -> assertEquals("invalidSyntax", error.scimType()),
                () -> assertTrue(error.detail().startsWith("operation 1 (Operations[1])"), error.detail()),
                () -> assertTrue(error.detail().contains("\"merge\""), error.detail()));
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                arguments("[]", "invalidSyntax"),
                arguments("{\"schemas\": [\"" + CoreSchemas.PATCH_OP_URN + "\"]}", "invalidSyntax"),
                arguments("{\"Operations\": []}", "invalidSyntax"),
                arguments("{\"Operations\": {\"op\": \"add\"}}", "invalidSyntax"),
                arguments("{\"Operations\": [\"add\"]}", "invalidSyntax"),
                arguments("{\"Operations\": [{\"path\": \"title\"}]}", "invalidSyntax"),
                arguments("{\"schemas\": [\"" + CoreSchemas.USER_URN + "\"], \"Operations\": [{\"op\": \"remove\", "
                        + "\"path\": \"title\"}]}", "invalidValue"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedBodies")
    void bodiesThatAreNotPatchOpMessagesAreRejected(String body, String scimType) {
        ScimException error = assertThrows(ScimException.class,
                () -> PatchRequest.parse(node(body), CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER));

        assertEquals(scimType, error.scimType());
    }

    @Test
    void bodyMemberNamesAreCaseInsensitive() {
        List<PatchOperation> operations = PatchRequest.parse(json("""
                {"SCHEMAS": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "operations": [{"OP": "replace", "Path": "title", "VALUE": "Guide"}]}"""),
                CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER);

        assertEquals(List.of(PatchOperation.of(Op.REPLACE, "title", node("\"Guide\""), 0)), operations);
    }

    @Test
    void errorsNameTheFailingOperationByItsIndex() {
        ScimException error = userFails("""
                {"op": "replace", "path": "title", "value": "Guide"},
                {"op": "add", "path": "nickName", "value": "Babs"},
                {"op": "replace", "path": "emails[type eq \\"fax\\"].value", "value": "x"}""");

        assertTrue(error.detail().startsWith("operation 2 (Operations[2]): "), error.detail());
    }

    @Test
    void aFailingSecondOperationFailsTheWholeRequestAndLeavesTheInputUnchanged() {
        ObjectNode resource = json(BJENSEN);
        List<PatchOperation> operations = parseUser("""
                {"op": "replace", "path": "title", "value": "Guide"},
                {"op": "replace", "path": "groups", "value": []}""");

        ScimException error = assertThrows(ScimException.class, () -> PatchApplier.apply(resource, operations,
                CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER));

        assertAll(
                () -> assertEquals("mutability", error.scimType()),
                () -> assertTrue(error.detail().startsWith("operation 1"), error.detail()),
                () -> assertEquals(json(BJENSEN), resource));
    }

    @Test
    void aSuccessfulPatchReturnsANewTreeAndLeavesTheInputUnchanged() {
        ObjectNode resource = json(BJENSEN);

        PatchResult result = PatchApplier.apply(resource, parseUser("""
                {"op": "replace", "path": "name.givenName", "value": "Babs"}"""), CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER);

        assertAll(
                () -> assertNotSame(resource, result.resource()),
                () -> assertEquals(json(BJENSEN), resource),
                () -> assertEquals("Babs", at(result, "/name/givenName").asText()));
    }

    @Test
    void operationsApplyInOrder() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "nickName", "value": "Babs"},
                {"op": "replace", "path": "nickName", "value": "Barb"},
                {"op": "remove", "path": "title"},
                {"op": "add", "path": "title", "value": "Guide"}""");

        assertAll(
                () -> assertEquals("Barb", at(result, "/nickName").asText()),
                () -> assertEquals("Guide", at(result, "/title").asText()));
    }

    // --- names ---

    @Test
    void attributeNamesAreCaseInsensitiveAndTheOutputUsesCanonicalNames() {
        PatchResult result = patchUser(NEW_HIRE, """
                {"op": "add", "path": "NAME.MIDDLENAME", "value": "Jo"},
                {"op": "add", "path": "EMAILS", "value": [{"VALUE": "ryan@example.com", "Type": "work"}]},
                {"op": "replace", "path": "Emails[TYPE eq \\"work\\"].Display", "value": "Ryan"}""");

        assertAll(
                () -> assertEquals("Jo", at(result, "/name/middleName").asText()),
                () -> assertEquals(json("{\"value\": \"ryan@example.com\", \"type\": \"work\", \"display\": \"Ryan\"}"),
                        at(result, "/emails/0")));
    }

    @Test
    void changedAttributesNameOnlyTheTopLevelAttributesWhoseValueChanged() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "name.givenName", "value": "Babs"},
                {"op": "add", "path": "emails", "value": [{"value": "babs@jensen.org", "type": "home"}]},
                {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                 "value": "Sales"},
                {"op": "replace", "path": "title", "value": "Tour Guide"},
                {"op": "remove", "path": "phoneNumbers"}""");

        assertEquals(List.of("name", ENTERPRISE + ":department", "phoneNumbers"), List.copyOf(result.changedAttributes()));
    }

    @Test
    void unqualifiedPathsResolveAgainstTheGroupSchema() {
        PatchResult result = patchGroup("""
                {"op": "replace", "path": "displayName", "value": "Senior Tour Guides"}""");

        JsonNode displayName = at(result, "/displayName");
        assertEquals("Senior Tour Guides", displayName.asText());
    }
}
