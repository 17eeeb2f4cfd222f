package org.scimbridge.mapping.patch;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scimbridge.mapping.patch.PatchFixtures.ENTERPRISE;
import static org.scimbridge.mapping.patch.PatchFixtures.GROUP_ID;
import static org.scimbridge.mapping.patch.PatchFixtures.JOHN;
import static org.scimbridge.mapping.patch.PatchFixtures.MANDY;
import static org.scimbridge.mapping.patch.PatchFixtures.NEW_HIRE;
import static org.scimbridge.mapping.patch.PatchFixtures.USER_ID;
import static org.scimbridge.mapping.patch.PatchFixtures.at;
import static org.scimbridge.mapping.patch.PatchFixtures.groupFails;
import static org.scimbridge.mapping.patch.PatchFixtures.json;
import static org.scimbridge.mapping.patch.PatchFixtures.node;
import static org.scimbridge.mapping.patch.PatchFixtures.parseUser;
import static org.scimbridge.mapping.patch.PatchFixtures.patchGroup;
import static org.scimbridge.mapping.patch.PatchFixtures.patchUser;
import static org.scimbridge.mapping.patch.PatchFixtures.userFails;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.patch.PatchOperation.Op;

/**
 * Each PATCH form an identity provider really sends that the letter of RFC 7644 does not allow, named after the
 * behaviour it accepts; sources are the items of IDP-QUIRKS.md.
 */
class PatchLeniencyTest {

    // Entra 1: capitalised ops; MS SCIM tutorial: "don't require a case-sensitive match".
    @Test
    void entraCapitalisedReplaceIsAccepted() {
        PatchResult result = patchUser("""
                {"op": "Replace", "path": "title", "value": "Guide"}""");

        assertEquals("Guide", at(result, "/title").asText());
    }

    // Entra 1: the same holds for "Add" and "Remove" and any other casing (langwatch#6972, elimity-com/scim#79).
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Add", "ADD", "aDd", "Remove", "REMOVE", "Replace", "REPLACE"})
    void opKeywordsAreAcceptedInAnyCase(String keyword) {
        List<PatchOperation> operations = parseUser("""
                {"op": "%s", "path": "nickName", "value": "Babs"}""".formatted(keyword));

        assertEquals(keyword.toUpperCase(Locale.ROOT), operations.get(0).op().name());
    }

    // OneLogin 1: lower-case "add" for group PATCH broke servers hard-coded to Entra's "Add"
    // (AzureAD-BYOA-Provisioning-Samples#24).
    @Test
    void oneLoginLowerCaseAdd() {
        PatchResult result = patchGroup("""
                {"op": "add", "path": "members", "value": [{"value": "%s"}]}""".formatted(JOHN));

        assertEquals(JOHN, at(result, "/members/2/value").asText());
    }

    // Entra 2: {"op":"Replace","path":"active","value":"False"} without ?aadOptscim062020 (MS compliance doc, scimmy#86).
    @Test
    void entraStringFalseForActiveBecomesBoolean() {
        PatchResult result = patchUser("""
                {"op": "Replace", "path": "active", "value": "False"}""");

        assertEquals(node("false"), at(result, "/active"));
    }

    // Entra 2, path-less form of the same string boolean (scim-for-keycloak#119).
    @Test
    void entraStringTrueInAPathlessValueBecomesBoolean() {
        PatchResult result = patchUser("""
                {"op": "Replace", "value": {"active": "True"}}""");

        assertEquals(node("true"), at(result, "/active"));
    }

    // Entra 2 is applied only where the schema says boolean: a title of "True" stays a string.
    @Test
    void stringBooleanStaysAStringWhereTheSchemaSaysString() {
        PatchResult result = patchUser("""
                {"op": "Replace", "path": "title", "value": "True"}""");

        assertEquals(node("\"True\""), at(result, "/title"));
    }

    // Entra 4: path-less replace with dotted and URN-qualified keys in aadOptscim062020 mode (MS compliance doc,
    // scim-for-keycloak#26, scimitar#123).
    @Test
    void entraPathlessReplaceWithDottedAndUrnKeys() {
        PatchResult result = patchUser("""
                {"op": "Replace", "value": {
                    "name.givenName": "Babs",
                    "name.familyName": "Jensen-Smith",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "701985",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": "%s"}}""".formatted(MANDY));

        assertAll(
                () -> assertEquals(json("""
                        {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen-Smith", "givenName": "Babs"}"""),
                        at(result, "/name")),
                () -> assertEquals("701985", at(result, "/" + ENTERPRISE + "/employeeNumber").asText()),
                () -> assertEquals(MANDY, at(result, "/" + ENTERPRISE + "/manager/value").asText()));
    }

    // Entra 4: the expansion happens once, at parsing, into the nested structure the RFC would have used.
    @Test
    void entraDottedKeysAreExpandedIntoTheNestedStructureWhenParsed() {
        List<PatchOperation> operations = parseUser("""
                {"op": "Replace", "value": {"name.givenName": "Babs",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales"}}""");

        assertEquals(json("""
                {"name": {"givenName": "Babs"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"}}"""),
                operations.get(0).value());
    }

    // Entra 4: the compliance doc's aadOptscim062020 example also has a value-path key; it becomes its own operation.
    @Test
    void entraPathlessReplaceWithAValuePathKeyReplacesThatElementOnly() {
        PatchResult result = patchUser("""
                {"op": "replace", "value": {"displayName": "Pvlo",
                    "emails[type eq \\"work\\"].value": "TestBcwqnm@test.microsoft.com", "name.givenName": "Gtfd"}}""");

        assertAll(
                () -> assertEquals("Pvlo", at(result, "/displayName").asText()),
                () -> assertEquals("Gtfd", at(result, "/name/givenName").asText()),
                () -> assertEquals("TestBcwqnm@test.microsoft.com", at(result, "/emails/0/value").asText()),
                () -> assertEquals("babs@jensen.org", at(result, "/emails/1/value").asText()));
    }

    // Entra 5: value path on a missing value must create it (SCIM-SDK#416, zitadel emails type fix).
    @Test
    void addOnMissingValuePathCreatesTheElement() {
        PatchResult result = patchUser(NEW_HIRE, """
                {"op": "Add", "path": "emails[type eq \\"work\\"].value", "value": "ryan.leenay@example.com"}""");

        assertEquals(node("[{\"type\": \"work\", \"value\": \"ryan.leenay@example.com\"}]"), at(result, "/emails"));
    }

    // Entra 5 with Entra 6: every eq condition joined by and becomes a member, "True" becoming a boolean.
    @Test
    void addOnMissingValuePathTakesEveryEqConditionOfTheFilter() {
        PatchResult result = patchUser("""
                {"op": "Add", "path": "phoneNumbers[type eq \\"mobile\\" and primary eq \\"True\\"].value",
                 "value": "555-555-0100"}""");

        assertEquals(json("{\"type\": \"mobile\", \"primary\": true, \"value\": \"555-555-0100\"}"),
                at(result, "/phoneNumbers/1"));
    }

    // Entra 5 stops where the filter does not describe one value: an or filter cannot be turned into a new value.
    @Test
    void addOnMissingValuePathWithAnOrFilterIsNoTarget() {
        ScimException error = userFails("""
                {"op": "Add", "path": "emails[type eq \\"other\\" or type eq \\"fax\\"].value", "value": "x@example.com"}""");

        assertEquals("noTarget", error.scimType());
    }

    // Entra 6: boolean filter operand as a string, roles[primary eq "True"] (pingidentity/scim2#239).
    @Test
    void entraTrueStringInAValueFilterMatchesTheBoolean() {
        PatchResult result = patchUser("""
                {"op": "Replace", "path": "emails[primary eq \\"True\\"].display", "value": "Work"}""");

        assertEquals("Work", at(result, "/emails/0/display").asText());
    }

    // Entra 7: enterprise manager sent as a bare string on add (SCIM-SDK#541).
    @Test
    void managerAsBareString() {
        PatchResult result = patchUser(NEW_HIRE, """
                {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "%s"}"""
                .formatted(JOHN));

        assertEquals(json("{\"value\": \"" + JOHN + "\"}"), at(result, "/" + ENTERPRISE + "/manager"));
    }

    // Entra 8: complex values serialised as JSON strings (SCIM-SDK#516, scimgateway utils-scim.ts).
    @Test
    void complexValueSentAsJsonString() {
        PatchResult result = patchUser("""
                {"op": "add", "path": "roles", "value": "[{\\"value\\": \\"tour-lead\\", \\"primary\\": true}]"},
                {"op": "add", "path": "emails[type eq \\"work\\"]",
                 "value": "{\\"display\\": \\"Work\\", \\"primary\\": true}"}""");

        assertAll(
                () -> assertEquals(node("[{\"value\": \"tour-lead\", \"primary\": true}]"), at(result, "/roles")),
                () -> assertEquals("Work", at(result, "/emails/0/display").asText()));
    }

    // Entra 8 applies only where a complex value is expected: a string attribute keeps the JSON text as it is.
    @Test
    void jsonTextStaysAStringWhereTheSchemaSaysString() {
        PatchResult result = patchUser("""
                {"op": "replace", "path": "nickName", "value": "{\\"value\\": \\"x\\"}"}""");

        assertEquals("{\"value\": \"x\"}", at(result, "/nickName").asText());
    }

    // Entra 3: member removal with a value removes only those members (MS compliance doc, azure-docs#30826,
    // SCIM-SDK MsAzurePatchRemoveRebuilder); the spec-literal reading would remove them all.
    @Test
    void entraRemoveMembersWithValueRemovesOnlyThose() {
        PatchResult result = patchGroup("""
                {"op": "Remove", "path": "members", "value": [{"value": "%s"}]}""".formatted(USER_ID));

        assertAll(
                () -> assertEquals(1, at(result, "/members").size()),
                () -> assertEquals(MANDY, at(result, "/members/0/value").asText()),
                () -> assertEquals(List.of("members"), List.copyOf(result.changedAttributes())));
    }

    // Entra 3: the same form on any multi-valued attribute, matching on "value".
    @Test
    void entraRemoveWithValueWorksForAnyMultiValuedAttribute() {
        PatchResult result = patchUser("""
                {"op": "Remove", "path": "emails", "value": [{"value": "babs@jensen.org"}]}""");

        assertEquals(node("[{\"value\": \"bjensen@example.com\", \"type\": \"work\", \"primary\": true}]"),
                at(result, "/emails"));
    }

    // Entra 3: an empty value list names no member to remove, so it must not empty the group.
    @Test
    void entraRemoveWithAnEmptyValueListRemovesNobody() {
        PatchResult result = patchGroup("""
                {"op": "Remove", "path": "members", "value": []}""");

        assertFalse(result.changed());
    }

    // Okta 4: deactivation without a path (Okta SCIM 2.0 reference, sentry#27199).
    @Test
    void oktaPathlessDeactivate() {
        PatchResult result = patchUser("""
                {"op": "replace", "value": {"active": false}}""");

        assertAll(
                () -> assertEquals(node("false"), at(result, "/active")),
                () -> assertEquals(List.of("active"), List.copyOf(result.changedAttributes())));
    }

    // Okta 6: group rename carrying the group's own read-only id (Okta SCIM 2.0 reference).
    @Test
    void oktaGroupRenameCarryingItsOwnId() {
        PatchResult result = patchGroup("""
                {"op": "replace", "value": {"id": "%s", "displayName": "Senior Tour Guides"}}""".formatted(GROUP_ID));

        assertAll(
                () -> assertEquals("Senior Tour Guides", at(result, "/displayName").asText()),
                () -> assertEquals(GROUP_ID, at(result, "/id").asText()),
                () -> assertEquals(List.of("displayName"), List.copyOf(result.changedAttributes())));
    }

    // Okta 6 tolerates only the group's own id: another id would be a change of a read-only attribute.
    @Test
    void oktaGroupRenameCarryingAnotherIdIsMutability() {
        ScimException error = groupFails("""
                {"op": "replace", "value": {"id": "%s", "displayName": "Senior Tour Guides"}}""".formatted(USER_ID));

        assertAll(
                () -> assertEquals("mutability", error.scimType()),
                () -> assertTrue(error.detail().startsWith("operation 0"), error.detail()));
    }

    // Okta 7: one membership PATCH mixes remove by value path and add, members without "type" (SCIM-SDK#419).
    @Test
    void oktaMembershipPatchMixesRemoveAndAdd() {
        PatchResult result = patchGroup("""
                {"op": "remove", "path": "members[value eq \\"%s\\"]"},
                {"op": "add", "path": "members", "value": [{"value": "%s", "display": "John Smith"}]}"""
                .formatted(USER_ID, JOHN));

        assertEquals(List.of(MANDY, JOHN),
                at(result, "/members").valueStream().map(member -> member.path("value").asText()).toList());
    }

    // Okta 8: "Push now" on an empty group sends replace members with [] (SCIM-SDK#757).
    @Test
    void oktaReplaceMembersWithEmptyArrayEmptiesTheGroup() {
        PatchResult result = patchGroup("""
                {"op": "replace", "path": "members", "value": []}""");

        assertAll(
                () -> assertFalse(result.resource().has("members")),
                () -> assertEquals("Tour Guides", at(result, "/displayName").asText()));
    }

    // Okta 8 relies on RFC 7643 section 2.5 (null = []), which does not stretch to clearing single-valued attributes.
    @Test
    void replaceWithNullStillNeedsAMultiValuedTarget() {
        ScimException error = userFails("""
                {"op": "replace", "path": "displayName", "value": null}""");

        assertEquals("invalidValue", error.scimType());
    }

    // Okta 8 sends an explicit []; an operation without any "value" member is still the RFC's invalidValue.
    @Test
    void replaceOfMembersWithoutAnyValueIsStillInvalidValue() {
        ScimException error = groupFails("""
                {"op": "replace", "path": "members"}""");

        assertEquals("invalidValue", error.scimType());
    }

    // The parsed operations carry the normalised value, so the applier sees only RFC forms.
    @Test
    void parsedOperationsCarryTheNormalisedValue() {
        List<PatchOperation> operations = parseUser("""
                {"op": "Replace", "path": "active", "value": "False"}""");

        assertEquals(List.of(PatchOperation.of(Op.REPLACE, "active", node("false"), 0)), operations);
    }
}
