package org.scimbridge.mapping.entry;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldif.LDIFException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.schema.CoreSchemas;

class AttributeMapperTest {

    private static final ResourceMapping USERS =
            MappingLoader.load(Path.of(System.getProperty("config.dir", "../config"), "openldap.yaml")).users();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = CoreSchemas.USER_URN;
    private static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER_URN;
    private static final String BASE_URL = "https://scim.example.com/scim/v2";
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String ID = "2819c223-7f76-453a-919d-413861904646";
    private static final String BOSS_ID = "0a4e1b3c-1111-4222-8333-944455556666";
    private static final DN BOSS_DN = dn("uid=boss," + PEOPLE);
    private static final RenderContext NO_REFERENCES = new RenderContext(BASE_URL, Map.of());
    private static final RenderContext KNOWS_BOSS = new RenderContext(BASE_URL, Map.of(BOSS_DN, BOSS_ID));
    private static final ReferenceResolver NO_USERS = id -> Optional.empty();
    private static final ReferenceResolver FINDS_BOSS = id -> id.equals(BOSS_ID) ? Optional.of(BOSS_DN) : Optional.empty();

    private final AttributeMapper mapper = new AttributeMapper(USERS);

    /** bjensen with the attributes every test needs; {@code extra} lines are appended. */
    private static Entry bjensen(String... extra) {
        List<String> lines = new ArrayList<>(List.of(
                "dn: uid=bjensen," + PEOPLE,
                "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: inetOrgPerson",
                "uid: bjensen",
                "cn: Barbara Jensen",
                "sn: Jensen",
                "entryUUID: " + ID));
        lines.addAll(Arrays.asList(extra));
        return entry(lines.toArray(String[]::new));
    }

    private static Entry entry(String... ldif) {
        try {
            return new Entry(ldif);
        } catch (LDIFException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static DN dn(String text) {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> values(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return values == null ? List.of() : List.of(values);
    }

    private static List<String> texts(JsonNode array, String member) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.path(member).asText(null)));
        return texts;
    }

    @Nested
    class Rendering {

        @Test
        void idComesFromEntryUuid() {
            assertEquals(ID, mapper.toScim(bjensen(), NO_REFERENCES).path("id").asText());
        }

        @Test
        void simpleAndNameAttributesComeFromTheirLdapAttributes() {
            ObjectNode user = mapper.toScim(bjensen("givenName: Barbara", "title: Tour Guide"), NO_REFERENCES);

            assertAll(
                    () -> assertEquals("bjensen", user.path("userName").asText()),
                    () -> assertEquals("Tour Guide", user.path("title").asText()),
                    () -> assertEquals(json("""
                            {"formatted": "Barbara Jensen", "familyName": "Jensen", "givenName": "Barbara"}"""),
                            user.path("name")));
        }

        @Test
        void unmappedLdapAttributesAreNeverRendered() {
            ObjectNode user = mapper.toScim(bjensen("description: secret note", "userPassword: {SSHA}abc"), NO_REFERENCES);

            assertFalse(user.toString().contains("secret note") || user.toString().contains("SSHA"), user::toString);
        }

        @Test
        void schemasListOnlyTheCoreSchemaWithoutEnterpriseAttributes() {
            ObjectNode user = mapper.toScim(bjensen("title: Tour Guide"), NO_REFERENCES);

            assertAll(
                    () -> assertEquals(json("[\"" + USER + "\"]"), user.path("schemas")),
                    () -> assertFalse(user.has(ENTERPRISE)));
        }

        @Test
        void schemasIncludeTheEnterpriseUrnWhenAnEnterpriseAttributeIsPresent() {
            ObjectNode user = mapper.toScim(bjensen("departmentNumber: Tours"), NO_REFERENCES);

            assertAll(
                    () -> assertEquals(json("[\"" + USER + "\", \"" + ENTERPRISE + "\"]"), user.path("schemas")),
                    () -> assertEquals("Tours", user.path(ENTERPRISE).path("department").asText()));
        }

        @Test
        void schemasLeaveOutTheEnterpriseUrnWhenItsOnlyAttributeIsAnUnresolvedManager() {
            ObjectNode user = mapper.toScim(bjensen("manager: " + BOSS_DN), NO_REFERENCES);

            assertAll(
                    () -> assertEquals(json("[\"" + USER + "\"]"), user.path("schemas")),
                    () -> assertFalse(user.has(ENTERPRISE)));
        }

        @Test
        void emailsHaveOneWorkElementPerMailValue() {
            ObjectNode user = mapper.toScim(bjensen("mail: bjensen@example.com", "mail: babs@example.com"), NO_REFERENCES);

            assertAll(
                    () -> assertEquals(List.of("bjensen@example.com", "babs@example.com"), texts(user.path("emails"), "value")),
                    () -> assertEquals(List.of("work", "work"), texts(user.path("emails"), "type")));
        }

        @Test
        void onlyTheFirstEmailIsPrimary() {
            ObjectNode user = mapper.toScim(bjensen("mail: bjensen@example.com", "mail: babs@example.com"), NO_REFERENCES);

            assertAll(
                    () -> assertTrue(user.path("emails").get(0).path("primary").asBoolean()),
                    () -> assertFalse(user.path("emails").get(1).has("primary")));
        }

        @Test
        void phoneNumbersAreTypedByTheirLdapAttribute() {
            ObjectNode user = mapper.toScim(bjensen("telephoneNumber: +1 555 0100", "mobile: +1 555 0200",
                    "facsimileTelephoneNumber: +1 555 0300"), NO_REFERENCES);

            assertAll(
                    () -> assertEquals(List.of("+1 555 0100", "+1 555 0200", "+1 555 0300"),
                            texts(user.path("phoneNumbers"), "value")),
                    () -> assertEquals(List.of("work", "mobile", "fax"), texts(user.path("phoneNumbers"), "type")));
        }

        @Test
        void addressAttributesAreGatheredIntoOneElementPerType() {
            ObjectNode user = mapper.toScim(bjensen("street: 100 Universal City Plaza", "l: Hollywood", "st: CA",
                    "postalCode: 91608"), NO_REFERENCES);

            assertEquals(json("""
                    [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "region": "CA",
                      "postalCode": "91608", "primary": true}]"""), user.path("addresses"));
        }

        @Test
        void managerIsRenderedAsIdAndRefWhenTheContextKnowsItsDn() {
            ObjectNode user = mapper.toScim(bjensen("manager: " + BOSS_DN), KNOWS_BOSS);

            assertEquals(json("{\"value\": \"" + BOSS_ID + "\", \"$ref\": \"" + BASE_URL + "/Users/" + BOSS_ID + "\"}"),
                    user.path(ENTERPRISE).path("manager"));
        }

        @Test
        void managerDnIsLookedUpByDnEqualityNotBySpelling() {
            ObjectNode user = mapper.toScim(bjensen("manager: UID=Boss, OU=People, DC=example, DC=com"), KNOWS_BOSS);

            assertEquals(BOSS_ID, user.path(ENTERPRISE).path("manager").path("value").asText());
        }

        @Test
        void managerIsOmittedWhenTheContextDoesNotKnowItsDn() {
            ObjectNode user = mapper.toScim(bjensen("manager: " + BOSS_DN, "departmentNumber: Tours"), NO_REFERENCES);

            assertFalse(user.path(ENTERPRISE).has("manager"), user::toString);
        }

        @Test
        void referencedUserDnsAreTheManagerDns() {
            assertEquals(List.of(BOSS_DN), mapper.referencedUserDns(bjensen("manager: " + BOSS_DN)));
        }

        @Test
        void metaTimestampsAreIso8601FromGeneralizedTime() {
            ObjectNode meta = (ObjectNode) mapper.toScim(bjensen("createTimestamp: 20240102030405Z",
                    "modifyTimestamp: 20240304050607.123Z"), NO_REFERENCES).path("meta");

            assertAll(
                    () -> assertEquals("2024-01-02T03:04:05Z", meta.path("created").asText()),
                    () -> assertEquals("2024-03-04T05:06:07.123Z", meta.path("lastModified").asText()));
        }

        @Test
        void lastModifiedFallsBackToCreatedWithoutModifyTimestamp() {
            ObjectNode meta = (ObjectNode) mapper.toScim(bjensen("createTimestamp: 20240102030405Z"), NO_REFERENCES).path("meta");

            assertEquals("2024-01-02T03:04:05Z", meta.path("lastModified").asText());
        }

        @Test
        void metaVersionIsAWeakEtagOfEntryCsn() {
            Entry entry = bjensen("entryCSN: 20240304050607.123456Z#000000#000#000000");

            assertAll(
                    () -> assertEquals("W/\"20240304050607.123456Z#000000#000#000000\"",
                            mapper.toScim(entry, NO_REFERENCES).path("meta").path("version").asText()),
                    () -> assertEquals(Optional.of("W/\"20240304050607.123456Z#000000#000#000000\""), mapper.etag(entry)));
        }

        @Test
        void metaNamesTheResourceTypeAndLocation() {
            ObjectNode meta = (ObjectNode) mapper.toScim(bjensen(), NO_REFERENCES).path("meta");

            assertAll(
                    () -> assertEquals("User", meta.path("resourceType").asText()),
                    () -> assertEquals(BASE_URL + "/Users/" + ID, meta.path("location").asText()));
        }

        /** AD's groups: sAMAccountName is required (filled from displayName) but no rule maps it. */
        @Test
        void attributesToReadIncludeRequiredAttributesNoRuleMaps() throws Exception {
            var groups = org.scimbridge.mapping.config.MappingLoader.load(java.nio.file.Path.of(
                    System.getProperty("config.dir", "../config"), "active-directory.yaml")).groups().orElseThrow();
            assertTrue(List.of(new AttributeMapper(groups).attributesToRead()).contains("sAMAccountName"));
        }

        @Test
        void attributesToReadAreTheMappedOnesPlusIdVersionAndTimestamps() {
            Set<String> expected = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            expected.addAll(USERS.mappedLdapAttributes());
            expected.addAll(List.of("entryUUID", "entryCSN", "createTimestamp", "modifyTimestamp", "pwdAccountLockedTime"));
            Set<String> actual = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            actual.addAll(List.of(mapper.attributesToRead()));

            assertAll(
                    () -> assertEquals(expected, actual),
                    () -> assertEquals(26, mapper.attributesToRead().length,
                            () -> List.of(mapper.attributesToRead()).toString()));
        }
    }

    @Nested
    class Creating {

        @Test
        void dnIsUidUserNameBelowTheUsersBase() {
            Entry entry = mapper.newEntry(json("{\"userName\": \"bjensen\"}"), NO_USERS);

            assertEquals(dn("uid=bjensen," + PEOPLE), dn(entry.getDN()));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @ValueSource(strings = {"a,b", "a+b", "a\"b", "a\\b", "a<b>c", "a;b", "a=b", "#hash", "mid#hash", " leading", "trailing ",
                "  both  ", "all ,+\"\\<>;=# at once"})
        void dnMetacharactersInUserNameAreEscapedNotInterpreted(String userName) {
            ObjectNode body = (ObjectNode) json("{}");
            body.put("userName", userName);

            DN parsed = dn(mapper.newEntry(body, NO_USERS).getDN());

            assertAll(
                    () -> assertEquals(dn(PEOPLE), parsed.getParent()),
                    () -> assertArrayEquals(new String[] {"uid"}, parsed.getRDN().getAttributeNames()),
                    () -> assertArrayEquals(new String[] {userName}, parsed.getRDN().getAttributeValues()));
        }

        @Test
        void objectClassesOfTheMappingAreWritten() {
            Entry entry = mapper.newEntry(json("{\"userName\": \"bjensen\"}"), NO_USERS);

            assertEquals(List.of("top", "person", "organizationalPerson", "inetOrgPerson"), values(entry, "objectClass"));
        }

        @Test
        void untypedEmailGoesToTheFirstMappedType() {
            Entry entry = mapper.newEntry(json("""
                    {"userName": "bjensen", "emails": [{"value": "bjensen@example.com"}]}"""), NO_USERS);

            assertEquals(List.of("bjensen@example.com"), values(entry, "mail"));
        }

        @Test
        void emailOfAnUnmappedTypeIsNotWritten() {
            Entry entry = mapper.newEntry(json("""
                    {"userName": "bjensen", "emails": [{"value": "babs@home.example", "type": "home"}]}"""), NO_USERS);

            assertFalse(entry.hasAttribute("mail"));
        }

        @Test
        void primaryEmailIsWrittenFirst() {
            Entry entry = mapper.newEntry(json("""
                    {"userName": "bjensen", "emails": [
                      {"value": "second@example.com", "type": "work"},
                      {"value": "first@example.com", "type": "work", "primary": true}]}"""), NO_USERS);

            assertEquals(List.of("first@example.com", "second@example.com"), values(entry, "mail"));
        }

        @Test
        void valuesDifferingOnlyInCaseAreWrittenOnce() {
            Entry entry = mapper.newEntry(json("""
                    {"userName": "bjensen", "emails": [
                      {"value": "BJensen@Example.com", "type": "work"},
                      {"value": "bjensen@example.com", "type": "work"}]}"""), NO_USERS);

            assertEquals(List.of("BJensen@Example.com"), values(entry, "mail"));
        }

        @Test
        void jsonNumberIsAcceptedForAStringAttribute() {
            Entry entry = mapper.newEntry(json("{\"userName\": \"bjensen\", \"externalId\": 701984}"), NO_USERS);

            assertEquals(List.of("701984"), values(entry, "employeeNumber"));
        }

        static Stream<Arguments> cnSources() {
            return Stream.of(
                    arguments("name.formatted first", """
                            {"userName": "bjensen", "name": {"formatted": "Ms. Barbara J Jensen", "givenName": "Barbara",
                             "familyName": "Jensen"}, "displayName": "Babs Jensen"}""", "Ms. Barbara J Jensen"),
                    arguments("then displayName", """
                            {"userName": "bjensen", "name": {"givenName": "Barbara", "familyName": "Jensen"},
                             "displayName": "Babs Jensen"}""", "Babs Jensen"),
                    arguments("then the template", """
                            {"userName": "bjensen", "name": {"givenName": "Barbara", "familyName": "Jensen"}}""",
                            "Barbara Jensen"),
                    arguments("template with a missing part is skipped", """
                            {"userName": "bjensen", "name": {"givenName": "Barbara"}}""", "bjensen"),
                    arguments("then userName", """
                            {"userName": "bjensen"}""", "bjensen"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("cnSources")
        void requiredCnTakesTheFirstSourceWithAValue(String description, String body, String expectedCn) {
            assertEquals(List.of(expectedCn), values(mapper.newEntry(json(body), NO_USERS), "cn"));
        }

        @Test
        void requiredSnFallsBackToUserName() {
            assertEquals(List.of("bjensen"), values(mapper.newEntry(json("{\"userName\": \"bjensen\"}"), NO_USERS), "sn"));
        }

        @Test
        void managerIdIsResolvedToTheManagersDn() {
            Entry entry = mapper.newEntry(json("{\"userName\": \"bjensen\", \"" + ENTERPRISE + "\": {\"manager\": {\"value\": \""
                    + BOSS_ID + "\"}}}"), FINDS_BOSS);

            assertEquals(BOSS_DN, dn(entry.getAttributeValue("manager")));
        }

        @Test
        void entraBareStringManagerIsTakenAsTheId() {
            Entry entry = mapper.newEntry(json("{\"userName\": \"bjensen\", \"" + ENTERPRISE + "\": {\"manager\": \""
                    + BOSS_ID + "\"}}"), FINDS_BOSS);

            assertEquals(BOSS_DN, dn(entry.getAttributeValue("manager")));
        }

        @Test
        void unknownManagerIdIsInvalidValue() {
            JsonNode body = json("{\"userName\": \"bjensen\", \"" + ENTERPRISE + "\": {\"manager\": {\"value\": \"nobody\"}}}");

            ScimException e = assertThrows(ScimException.class, () -> mapper.newEntry(body, FINDS_BOSS));

            assertAll(
                    () -> assertEquals(400, e.status()),
                    () -> assertEquals("invalidValue", e.scimType()),
                    () -> assertTrue(e.detail().contains("nobody"), e::detail));
        }

        @Test
        void attributeNamesAreCaseInsensitive() {
            Entry entry = mapper.newEntry(json("""
                    {"USERNAME": "bjensen", "Name": {"GivenName": "Barbara", "FAMILYNAME": "Jensen"},
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"Department": "Tours"}}"""), NO_USERS);

            assertAll(
                    () -> assertEquals(dn("uid=bjensen," + PEOPLE), dn(entry.getDN())),
                    () -> assertEquals(List.of("Barbara"), values(entry, "givenName")),
                    () -> assertEquals(List.of("Jensen"), values(entry, "sn")),
                    () -> assertEquals(List.of("Tours"), values(entry, "departmentNumber")));
        }

        static Stream<Arguments> invalidBodies() {
            return Stream.of(
                    arguments("not an object", "[{\"userName\": \"bjensen\"}]", "invalidSyntax", "must be a JSON object"),
                    arguments("unknown attribute", "{\"userName\": \"bjensen\", \"shoeSize\": 42}", "invalidSyntax",
                            "unknown attribute 'shoeSize'"),
                    arguments("unknown enterprise attribute", "{\"userName\": \"bjensen\", \"" + ENTERPRISE
                            + "\": {\"shoeSize\": 42}}", "invalidSyntax", "unknown attribute 'shoeSize'"),
                    arguments("unknown sub-attribute", "{\"userName\": \"bjensen\", \"name\": {\"middle\": \"J\"}}",
                            "invalidSyntax", "unknown sub-attribute 'middle' of 'name'"),
                    arguments("string attribute given an object", "{\"userName\": {\"value\": \"bjensen\"}}", "invalidSyntax",
                            "'userName' must be a string"),
                    arguments("string attribute given an array", "{\"userName\": [\"bjensen\"]}", "invalidSyntax",
                            "'userName' must be a string"),
                    arguments("string attribute given a boolean", "{\"userName\": \"bjensen\", \"title\": true}",
                            "invalidSyntax", "'title' must be a string"),
                    arguments("complex attribute given a string", "{\"userName\": \"bjensen\", \"name\": \"Barbara Jensen\"}",
                            "invalidSyntax", "'name' must be a JSON object"),
                    arguments("unknown schema URN", "{\"schemas\": [\"" + USER + "\", \"urn:example:custom\"],"
                            + " \"userName\": \"bjensen\"}", "invalidValue", "urn:example:custom"),
                    arguments("missing userName", "{\"name\": {\"formatted\": \"Barbara Jensen\", \"familyName\": \"Jensen\"}}",
                            "invalidValue", "'userName' is required"),
                    arguments("empty userName", "{\"userName\": \"\", \"name\": {\"formatted\": \"Barbara Jensen\","
                            + " \"familyName\": \"Jensen\"}}", "invalidValue", "'userName' is required"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidBodies")
        void invalidBodyIsA400WithItsScimType(String description, String body, String scimType, String fragment) {
            ScimException e = assertThrows(ScimException.class, () -> mapper.newEntry(json(body), NO_USERS));

            assertAll(
                    () -> assertEquals(400, e.status()),
                    () -> assertEquals(scimType, e.scimType()),
                    () -> assertTrue(e.detail().contains(fragment), e::detail));
        }

        @Test
        void nullBodyIsInvalidSyntax() {
            ScimException e = assertThrows(ScimException.class, () -> mapper.newEntry(null, NO_USERS));

            assertEquals("invalidSyntax", e.scimType());
        }
    }

    @Nested
    class Replacing {

        private final Entry current = bjensen("givenName: Barbara", "title: Tour Guide", "mail: bjensen@example.com",
                "telephoneNumber: +1 555 0100", "mobile: +1 555 0200", "street: 100 Universal City Plaza", "l: Hollywood",
                "departmentNumber: Tours", "manager: " + BOSS_DN, "description: kept by the directory",
                "userPassword: {SSHA}secret", "entryCSN: 20240304050607.123456Z#000000#000#000000");

        private ObjectNode currentResource() {
            return mapper.toScim(current, KNOWS_BOSS);
        }

        private List<Modification> put(JsonNode body) {
            return mapper.diff(current, mapper.targetEntry(body, current, FINDS_BOSS));
        }

        private static List<String> modified(List<Modification> modifications) {
            return modifications.stream().map(Modification::getAttributeName).toList();
        }

        @Test
        void identicalResourceGivesNoModifications() {
            assertEquals(List.of(), put(currentResource()));
        }

        @Test
        void changedAttributeBecomesADeleteOfTheOldValueAndAnAddOfTheNew() throws LDAPException {
            ObjectNode body = currentResource().put("title", "Senior Tour Guide");

            List<Modification> modifications = put(body);

            // Value-level changes: a value another writer added meanwhile is not swept away by a REPLACE.
            assertAll(
                    () -> assertEquals(List.of("title", "title"), modified(modifications)),
                    () -> assertEquals(List.of(ModificationType.DELETE, ModificationType.ADD),
                            modifications.stream().map(Modification::getModificationType).toList()),
                    () -> assertArrayEquals(new String[] {"Senior Tour Guide"}, modifications.get(1).getValues()),
                    () -> assertEquals("Senior Tour Guide", Entry.applyModifications(current, false, modifications)
                            .getAttributeValue("title")));
        }

        @Test
        void omittedAttributeIsRemovedFromTheEntry() throws LDAPException {
            ObjectNode body = currentResource();
            body.remove("title");

            List<Modification> modifications = put(body);

            assertAll(
                    () -> assertEquals(List.of("title"), modified(modifications)),
                    () -> assertEquals(ModificationType.DELETE, modifications.getFirst().getModificationType()),
                    () -> assertFalse(Entry.applyModifications(current, false, modifications).hasAttribute("title")));
        }

        @Test
        void omittedManagerIsRemovedFromTheEntry() {
            ObjectNode body = currentResource();
            ((ObjectNode) body.path(ENTERPRISE)).remove("manager");

            assertEquals(List.of("manager"), modified(put(body)));
        }

        @Test
        void userNameChangeRenamesTheEntryBelowItsCurrentParent() {
            Entry nested = entry("dn: uid=bjensen,ou=sub," + PEOPLE, "objectClass: inetOrgPerson", "uid: bjensen",
                    "cn: Barbara Jensen", "sn: Jensen", "entryUUID: " + ID);

            Entry target = mapper.targetEntry(json("{\"userName\": \"babs\", \"name\": {\"formatted\": \"Barbara Jensen\","
                    + " \"familyName\": \"Jensen\"}}"), nested, NO_USERS);

            assertEquals(new DN(new RDN("uid", "babs"), dn("ou=sub," + PEOPLE)), dn(target.getDN()));
        }

        @Test
        void caseOnlyUserNameChangeKeepsTheDn() {
            Entry target = mapper.targetEntry(currentResource().put("userName", "BJensen"), current, FINDS_BOSS);

            assertEquals(current.getDN(), target.getDN());
        }

        /** Directories often hold entries named by cn, created before the bridge; a PUT keeping userName must not move them. */
        @Test
        void unchangedUserNameKeepsTheDnOfAnEntryNamedByAnotherAttribute() {
            Entry namedByCn = entry("dn: cn=Barbara Jensen," + PEOPLE, "objectClass: inetOrgPerson", "uid: bjensen",
                    "cn: Barbara Jensen", "sn: Jensen", "entryUUID: " + ID);

            Entry target = mapper.targetEntry(mapper.toScim(namedByCn, NO_REFERENCES), namedByCn, NO_USERS);

            assertEquals(dn(namedByCn.getDN()), dn(target.getDN()));
        }

        @Test
        void diffNeverTouchesTheRdnAttribute() {
            List<Modification> modifications = put(currentResource().put("userName", "babs"));

            assertFalse(modified(modifications).stream().anyMatch("uid"::equalsIgnoreCase), modifications::toString);
        }

        @Test
        void diffNeverTouchesUnmappedAttributes() {
            ObjectNode body = (ObjectNode) json("{\"userName\": \"bjensen\"}");

            List<Modification> modifications = put(body);

            assertAll(
                    () -> assertFalse(modifications.isEmpty()),
                    () -> assertFalse(modified(modifications).stream()
                            .anyMatch(a -> a.equalsIgnoreCase("description") || a.equalsIgnoreCase("userPassword")
                                    || a.equalsIgnoreCase("objectClass") || a.equalsIgnoreCase("entryUUID")),
                            modifications::toString));
        }

        @Test
        void targetEntryKeepsUnmappedAttributes() {
            Entry target = mapper.targetEntry(json("{\"userName\": \"bjensen\"}"), current, FINDS_BOSS);

            assertAll(
                    () -> assertEquals("kept by the directory", target.getAttributeValue("description")),
                    () -> assertEquals("{SSHA}secret", target.getAttributeValue("userPassword")),
                    () -> assertNull(target.getAttributeValue("title")));
        }
    }
}
