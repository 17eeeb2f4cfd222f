package org.scimbridge.mapping.query;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
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
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.entry.RenderContext;
import org.scimbridge.mapping.schema.CoreSchemas;

class ProjectionTest {

    private static final ResourceMapping USERS =
            MappingLoader.load(Path.of(System.getProperty("config.dir", "../config"), "openldap.yaml")).users();
    private static final String USER = CoreSchemas.USER_URN;
    private static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER_URN;
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String ID = "2819c223-7f76-453a-919d-413861904646";
    private static final String BOSS_ID = "0a4e1b3c-1111-4222-8333-944455556666";

    private static final AttributeMapper MAPPER = new AttributeMapper(USERS);

    private static final RenderContext CONTEXT =
            new RenderContext("https://x/scim/v2", Map.of(dn("uid=boss," + PEOPLE), BOSS_ID));

    /** bjensen as the directory holds her. */
    private static final Entry ENTRY = entry(
            "dn: uid=bjensen," + PEOPLE,
            "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: inetOrgPerson",
            "uid: bjensen",
            "entryUUID: " + ID,
            "entryCSN: 20240102030405.000000Z#000000#000#000000",
            "createTimestamp: 20240101000000Z",
            "modifyTimestamp: 20240102030405Z",
            "employeeNumber: 701984",
            "cn: Barbara Jensen",
            "sn: Jensen",
            "givenName: Barbara",
            "displayName: Babs Jensen",
            "title: Tour Guide",
            "mail: bjensen@example.com",
            "mail: babs@example.com",
            "telephoneNumber: +1 555 555 5555",
            "mobile: +1 555 555 4444",
            "street: 100 Universal City Plaza",
            "l: Hollywood",
            "o: Universal Studios",
            "departmentNumber: Tour Operations",
            "manager: uid=boss," + PEOPLE);

    /** bjensen as the bridge renders her: core, multi-valued, complex, enterprise extension (with manager) and meta. */
    private static final ObjectNode BJENSEN = MAPPER.toScim(ENTRY, CONTEXT);

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

    private static ObjectNode only(String attributes) {
        return Projection.of(attributes, null, USER).apply(BJENSEN);
    }

    private static ObjectNode excluding(String excludedAttributes) {
        return Projection.of(null, excludedAttributes, USER).apply(BJENSEN);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** What a GET with this projection answers: the entry read with only the requested attributes, rendered, projected. */
    private static ObjectNode respond(Projection projection) {
        Entry read = new Entry(ENTRY.getDN());
        for (String attribute : MAPPER.attributesToRead(projection)) {
            if (ENTRY.hasAttribute(attribute)) {
                read.addAttribute(ENTRY.getAttribute(attribute));
            }
        }
        return projection.apply(MAPPER.toScim(read, CONTEXT));
    }

    private static Set<String> readFor(Projection projection) {
        Set<String> read = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        read.addAll(List.of(MAPPER.attributesToRead(projection)));
        return read;
    }

    @Test
    void theFixtureIsARealisticUser() {
        assertAll(
                () -> assertEquals(List.of(USER, ENTERPRISE), texts(BJENSEN.get("schemas"))),
                () -> assertEquals(List.of("schemas", "id", "userName", "externalId", "name", "displayName", "title", "emails",
                        "phoneNumbers", "addresses", ENTERPRISE, "active", "meta"), names(BJENSEN)),
                () -> assertEquals(List.of("organization", "department", "manager"), names(BJENSEN.get(ENTERPRISE))),
                () -> assertEquals(BOSS_ID, BJENSEN.get(ENTERPRISE).get("manager").get("value").asText()));
    }

    @Nested
    class Attributes {

        @Test
        void userNameKeepsOnlySchemasIdAndUserName() {
            ObjectNode result = only("userName");
            assertAll(
                    () -> assertEquals(List.of("schemas", "id", "userName"), names(result)),
                    () -> assertEquals(ID, result.get("id").asText()),
                    () -> assertEquals("bjensen", result.get("userName").asText()));
        }

        @Test
        void userNameDropsTheEnterpriseUrnFromSchemas() {
            assertEquals(List.of(USER), texts(only("userName").get("schemas")));
        }

        @Test
        void subAttributeKeepsItsParentWithOnlyThatSubAttribute() {
            ObjectNode result = only("name.givenName");
            assertAll(
                    () -> assertEquals(List.of("schemas", "id", "name"), names(result)),
                    () -> assertEquals(List.of("givenName"), names(result.get("name"))),
                    () -> assertEquals("Barbara", result.get("name").get("givenName").asText()));
        }

        @Test
        void subAttributeOfAMultiValuedAttributeKeepsThatSubAttributeOfEachElement() {
            JsonNode emails = only("emails.value").get("emails");
            assertEquals(2, emails.size());
            emails.forEach(email -> assertEquals(List.of("value"), names(email)));
            assertEquals(List.of("bjensen@example.com", "babs@example.com"),
                    List.of(emails.get(0).get("value").asText(), emails.get(1).get("value").asText()));
        }

        @Test
        void multiValuedAttributeKeepsWholeElements() {
            ObjectNode result = only("emails");
            assertAll(
                    () -> assertEquals(List.of("schemas", "id", "emails"), names(result)),
                    () -> assertEquals(BJENSEN.get("emails"), result.get("emails")));
        }

        @Test
        void urnQualifiedExtensionAttributeKeepsOnlyThatMemberOfTheExtension() {
            ObjectNode result = only(ENTERPRISE + ":department");
            assertAll(
                    () -> assertEquals(List.of("schemas", "id", ENTERPRISE), names(result)),
                    () -> assertEquals(List.of("department"), names(result.get(ENTERPRISE))),
                    () -> assertEquals("Tour Operations", result.get(ENTERPRISE).get("department").asText()));
        }

        @Test
        void urnQualifiedExtensionAttributeKeepsTheExtensionUrnInSchemas() {
            assertEquals(List.of(USER, ENTERPRISE), texts(only(ENTERPRISE + ":department").get("schemas")));
        }

        @Test
        void bareExtensionUrnKeepsTheWholeExtension() {
            ObjectNode result = only(ENTERPRISE);
            assertAll(
                    () -> assertEquals(List.of("schemas", "id", ENTERPRISE), names(result)),
                    () -> assertEquals(BJENSEN.get(ENTERPRISE), result.get(ENTERPRISE)),
                    () -> assertEquals(List.of(USER, ENTERPRISE), texts(result.get("schemas"))));
        }

        @Test
        void urnQualifiedCoreAttributeIsTheSameAsTheBareName() {
            assertEquals(only("name.familyName"), only(USER + ":name.familyName"));
        }

        @Test
        void severalAttributesAreCommaSeparatedWithOptionalSpaces() {
            assertEquals(List.of("schemas", "id", "userName", "title", ENTERPRISE),
                    names(only("userName, title ,," + ENTERPRISE + ":department")));
        }

        @Test
        void metaIsLeftOutUnlessAsked() {
            assertAll(
                    () -> assertFalse(only("userName").has("meta")),
                    () -> assertEquals(BJENSEN.get("meta"), only("meta").get("meta")));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"USERNAME", "username", "UserName"})
        void attributeNamesAreCaseInsensitive(String attributes) {
            assertEquals(only("userName"), only(attributes));
        }

        @Test
        void subAttributeNamesAreCaseInsensitive() {
            assertEquals(only("name.givenName"), only("Name.GivenName"));
        }

        @Test
        void extensionUrnIsCaseInsensitive() {
            assertEquals(only(ENTERPRISE + ":department"), only(ENTERPRISE.toUpperCase() + ":Department"));
        }

        @Test
        void winsOverExcludedAttributes() {
            assertEquals(only("userName"), Projection.of("userName", "userName", USER).apply(BJENSEN));
        }

        @Test
        void leavesTheInputUnchanged() {
            ObjectNode before = BJENSEN.deepCopy();
            only("name.givenName");
            assertEquals(before, BJENSEN);
        }
    }

    @Nested
    class ExcludedAttributes {

        @Test
        void removesTheListedMembers() {
            ObjectNode result = excluding("emails,phoneNumbers");
            ObjectNode expected = BJENSEN.deepCopy();
            expected.remove(List.of("emails", "phoneNumbers"));
            assertEquals(expected, result);
        }

        @Test
        void removesOnlyTheListedSubAttribute() {
            JsonNode name = excluding("name.givenName").get("name");
            assertAll(
                    () -> assertFalse(name.has("givenName")),
                    () -> assertEquals("Jensen", name.get("familyName").asText()),
                    () -> assertEquals("Barbara Jensen", name.get("formatted").asText()));
        }

        @Test
        void removesTheListedSubAttributeFromEachElement() {
            JsonNode emails = excluding("emails.type").get("emails");
            assertEquals(2, emails.size());
            emails.forEach(email -> assertAll(
                    () -> assertFalse(email.has("type")),
                    () -> assertTrue(email.has("value"))));
        }

        @Test
        void removesAnExtensionMemberAndKeepsTheRestOfTheExtension() {
            JsonNode extension = excluding(ENTERPRISE + ":manager").get(ENTERPRISE);
            assertEquals(List.of("organization", "department"), names(extension));
        }

        @Test
        void removingTheWholeExtensionDropsItsUrnFromSchemas() {
            ObjectNode result = excluding(ENTERPRISE);
            assertAll(
                    () -> assertFalse(result.has(ENTERPRISE)),
                    () -> assertEquals(List.of(USER), texts(result.get("schemas"))),
                    () -> assertTrue(result.has("userName")));
        }

        @Test
        void removesMeta() {
            ObjectNode result = excluding("meta");
            assertAll(
                    () -> assertFalse(result.has("meta")),
                    () -> assertEquals(names(BJENSEN).size() - 1, names(result).size()));
        }

        @Test
        void neverRemovesIdOrSchemas() {
            ObjectNode result = excluding("id,schemas,userName");
            assertAll(
                    () -> assertEquals(ID, result.get("id").asText()),
                    () -> assertEquals(BJENSEN.get("schemas"), result.get("schemas")),
                    () -> assertFalse(result.has("userName")));
        }

        @Test
        void namesAreCaseInsensitive() {
            assertEquals(excluding("name.givenName,emails"), excluding("NAME.GIVENNAME,Emails"));
        }
    }

    @Nested
    class NoParameters {

        static Stream<Arguments> emptyParameters() {
            return Stream.of(
                    arguments(null, null),
                    arguments("", ""),
                    arguments("  ", null),
                    arguments(null, " \t"),
                    arguments("", "  "));
        }

        @ParameterizedTest(name = "[{index}] attributes={0} excludedAttributes={1}")
        @MethodSource("emptyParameters")
        void leaveTheResourceUnchanged(String attributes, String excludedAttributes) {
            ObjectNode result = Projection.of(attributes, excludedAttributes, USER).apply(BJENSEN);
            assertEquals(BJENSEN, result);
        }

        @Test
        void returnTheSameInstance() {
            assertSame(BJENSEN, Projection.of(null, null, USER).apply(BJENSEN));
            assertSame(BJENSEN, Projection.all().apply(BJENSEN));
        }
    }

    @Nested
    class Errors {

        static Stream<Arguments> invalidParameters() {
            return Stream.of(
                    arguments("emails[", null),
                    arguments("1abc", null),
                    arguments("userName,name..givenName", null),
                    arguments("a.b.c", null),
                    arguments("urn:ietf:params:scim:schemas:extension:other:2.0:User:badge", null),
                    arguments("urn:example:unknown:attr", null),
                    arguments(null, "emails["),
                    arguments(null, "1abc"),
                    arguments(null, "urn:example:unknown:attr"));
        }

        @ParameterizedTest(name = "[{index}] attributes={0} excludedAttributes={1}")
        @MethodSource("invalidParameters")
        void areInvalidValue(String attributes, String excludedAttributes) {
            ScimException e = assertThrows(ScimException.class, () -> Projection.of(attributes, excludedAttributes, USER));
            assertAll(
                    () -> assertEquals(400, e.status()),
                    () -> assertEquals("invalidValue", e.scimType()));
        }

        @Test
        void enterpriseUrnIsUnknownOnGroups() {
            ScimException e = assertThrows(ScimException.class,
                    () -> Projection.of(ENTERPRISE + ":department", null, CoreSchemas.GROUP_URN));
            assertEquals("invalidValue", e.scimType());
        }
    }

    @Nested
    class LdapAttributeSelection {

        @Test
        void includesTargetsTheClientAskedFor() {
            Projection projection = Projection.of("name.givenName", null, USER);
            assertAll(
                    () -> assertTrue(projection.includes(new ScimTarget(USER, "name", null, "givenName"))),
                    () -> assertFalse(projection.includes(new ScimTarget(USER, "name", null, "familyName"))),
                    () -> assertFalse(projection.includes(ScimTarget.simple(USER, "userName"))));
        }

        @Test
        void wholeAttributeIncludesEveryTypedElement() {
            Projection projection = Projection.of("phoneNumbers", null, USER);
            assertAll(
                    () -> assertTrue(projection.includes(new ScimTarget(USER, "phoneNumbers", "work", "value"))),
                    () -> assertTrue(projection.includes(new ScimTarget(USER, "phoneNumbers", "mobile", "value"))));
        }

        @Test
        void includesMetaOnlyWhenMetaIsShown() {
            assertAll(
                    () -> assertTrue(Projection.all().includesMeta()),
                    () -> assertTrue(Projection.of("meta.created", null, USER).includesMeta()),
                    () -> assertFalse(Projection.of("userName", null, USER).includesMeta()),
                    () -> assertFalse(Projection.of(null, "meta", USER).includesMeta()),
                    () -> assertTrue(Projection.of(null, "meta.version", USER).includesMeta()));
        }

        @Test
        void userNameReadsUidAndWhatIdAndEtagNeed() {
            assertEquals(Set.of("uid", "entryUUID", "entryCSN"), Set.copyOf(List.of(
                    MAPPER.attributesToRead(Projection.of("userName", null, USER)))));
        }

        @Test
        void excludedPhoneNumbersAreNotRead() {
            Set<String> read = readFor(Projection.of(null, "phoneNumbers", USER));
            Set<String> expected = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            expected.addAll(List.of(MAPPER.attributesToRead()));
            expected.removeAll(List.of("telephoneNumber", "mobile", "facsimileTelephoneNumber"));
            assertAll(
                    () -> assertFalse(read.contains("telephoneNumber")),
                    () -> assertFalse(read.contains("mobile")),
                    () -> assertFalse(read.contains("facsimileTelephoneNumber")),
                    () -> assertEquals(expected, read));
        }

        @Test
        void excludedPhoneNumbersStillReadTheRest() {
            Set<String> read = readFor(Projection.of(null, "phoneNumbers", USER));
            assertTrue(read.containsAll(List.of("uid", "employeeNumber", "cn", "sn", "givenName", "displayName", "title",
                    "employeeType", "preferredLanguage", "mail", "street", "l", "st", "postalCode", "o", "businessCategory",
                    "departmentNumber", "manager", "entryUUID", "entryCSN", "createTimestamp", "modifyTimestamp")),
                    read::toString);
        }

        @Test
        void metaTimestampsAreNotReadWhenMetaIsNotShown() {
            Set<String> read = readFor(Projection.of("title", null, USER));
            assertAll(
                    () -> assertEquals(Set.of("title", "entryUUID", "entryCSN"), Set.copyOf(List.of(
                            MAPPER.attributesToRead(Projection.of("title", null, USER))))),
                    () -> assertFalse(read.contains("createTimestamp")),
                    () -> assertFalse(read.contains("modifyTimestamp")));
        }

        @Test
        void extensionAttributeReadsOnlyItsLdapAttribute() {
            assertEquals(Set.of("departmentNumber", "entryUUID", "entryCSN"), Set.copyOf(List.of(
                    MAPPER.attributesToRead(Projection.of(ENTERPRISE + ":department", null, USER)))));
        }

        @Test
        void noProjectionReadsEverything() {
            assertEquals(Set.of(MAPPER.attributesToRead()), Set.of(MAPPER.attributesToRead(Projection.all())));
        }
    }

    /**
     * The answer to a GET must equal the projection of the full resource: every LDAP attribute a shown member is derived
     * from has to be read.
     */
    @Nested
    class EndToEnd {

        static Stream<Arguments> projections() {
            return Stream.of(
                    arguments("userName", null),
                    arguments("name.givenName", null),
                    arguments("emails.value", null),
                    arguments("emails", null),
                    arguments(ENTERPRISE + ":department", null),
                    arguments(ENTERPRISE, null),
                    arguments("meta", null),
                    arguments("meta.created", null),
                    arguments(null, "phoneNumbers"),
                    arguments(null, "name.givenName"),
                    arguments(null, "meta"),
                    arguments(null, ENTERPRISE + ":manager"));
        }

        @ParameterizedTest(name = "[{index}] attributes={0} excludedAttributes={1}")
        @MethodSource("projections")
        void readingOnlyTheRequestedLdapAttributesGivesTheSameAnswer(String attributes, String excludedAttributes) {
            Projection projection = Projection.of(attributes, excludedAttributes, USER);
            assertEquals(projection.apply(BJENSEN), respond(projection));
        }

        /**
         * A typed element's {@code type} and {@code primary} (RFC 7643 section 2.4) and a reference's {@code $ref} are
         * not stored in LDAP: the renderer derives them from the value the rule reads, so that value must be read.
         */
        @ParameterizedTest(name = "[{index}] attributes={0}")
        @ValueSource(strings = {"emails.type", "emails.primary", "phoneNumbers.type", "addresses.type",
                ENTERPRISE + ":manager.$ref"})
        void derivedSubAttributesAreShownWhenTheyAloneAreAsked(String attributes) {
            Projection projection = Projection.of(attributes, null, USER);
            ObjectNode expected = projection.apply(BJENSEN);
            assertEquals(3, expected.size(), expected::toString);
            assertEquals(expected, respond(projection));
        }
    }
}
