package org.scimbridge.mapping.filter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.scimbridge.mapping.filter.Filters.and;
import static org.scimbridge.mapping.filter.Filters.bool;
import static org.scimbridge.mapping.filter.Filters.cmp;
import static org.scimbridge.mapping.filter.Filters.eq;
import static org.scimbridge.mapping.filter.Filters.pr;
import static org.scimbridge.mapping.filter.Filters.vp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.ReferenceResolver;

class LdapFilterTranslatorTest {

    private static final MappingConfig OPENLDAP =
            MappingLoader.load(Path.of(System.getProperty("config.dir", "../config"), "openldap.yaml"));
    private static final ResourceMapping USERS = OPENLDAP.users();
    private static final ResourceMapping GROUPS = OPENLDAP.groups().orElseThrow();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String MANAGER = ENTERPRISE + ":manager";
    private static final String UUID = "2819c223-7f76-453a-919d-413861904646";
    private static final String PHONES_PRESENT = "(|(telephoneNumber=*)(mobile=*)(facsimileTelephoneNumber=*))";
    private static final String ADDRESS_PRESENT = "(|(street=*)(l=*)(st=*)(postalCode=*))";
    private static final String MATCH_ALL = "(objectClass=*)";
    private static final String MATCH_NOTHING = "(!(objectClass=*))";

    /** Ids the test resolver knows; everything else is an unknown id. */
    private static final String BJENSEN_ID = "2819c223-7f76-453a-919d-413861904646";
    private static final String BJENSEN_DN = "uid=bjensen,ou=people,dc=example,dc=com";
    private static final String ODD_USER_ID = "7a1f0e4c-0000-4000-8000-00000000000a";
    private static final String ODD_USER_DN = "cn=a*b (c)\\, d,ou=people,dc=example,dc=com";
    private static final String ENGINEERING_ID = "e9e30dba-f08f-4109-8486-d5c6a331660a";
    private static final String ENGINEERING_DN = "cn=Engineering,ou=groups,dc=example,dc=com";
    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

    private static final ReferenceResolver RESOLVER = new MapResolver(
            Map.of(BJENSEN_ID, dn(BJENSEN_DN), ODD_USER_ID, dn(ODD_USER_DN)),
            Map.of(ENGINEERING_ID, dn(ENGINEERING_DN)));

    private final LdapFilterTranslator translator = new LdapFilterTranslator(USERS);

    static Stream<Arguments> translations() {
        return Stream.of(
                // every operator on a simple attribute; LDAP has no strict ordering, so gt is ">= and not ="
                arguments("userName eq \"bjensen\"", "(uid=bjensen)"),
                arguments("userName ne \"bjensen\"", "(!(uid=bjensen))"),
                arguments("userName co \"jens\"", "(uid=*jens*)"),
                arguments("userName sw \"J\"", "(uid=J*)"),
                arguments("userName ew \"sen\"", "(uid=*sen)"),
                arguments("userName gt \"m\"", "(&(uid>=m)(!(uid=m)))"),
                arguments("userName ge \"m\"", "(uid>=m)"),
                arguments("userName lt \"m\"", "(&(uid<=m)(!(uid=m)))"),
                arguments("userName le \"m\"", "(uid<=m)"),
                arguments("name.familyName eq \"Jensen\"", "(sn=Jensen)"),
                arguments("name.familyName sw \"Jen\"", "(sn=Jen*)"),
                arguments("name.familyName gt \"J\"", "(&(sn>=J)(!(sn=J)))"),
                arguments("title co \"Guide\"", "(title=*Guide*)"),
                arguments("title ew \"Guide\"", "(title=*Guide)"),
                arguments("title le \"M\"", "(title<=M)"),
                arguments("externalId eq \"701984\"", "(employeeNumber=701984)"),
                arguments("externalId ne \"701984\"", "(!(employeeNumber=701984))"),
                arguments("externalId lt \"7\"", "(&(employeeNumber<=7)(!(employeeNumber=7)))"),
                arguments("addresses.locality eq \"Hollywood\"", "(l=Hollywood)"),

                // attribute names are case-insensitive and may carry their schema URN
                arguments("USERNAME eq \"bjensen\"", "(uid=bjensen)"),
                arguments("Name.FamilyName eq \"Jensen\"", "(sn=Jensen)"),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen\"", "(uid=bjensen)"),
                arguments("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME eq \"bjensen\"", "(uid=bjensen)"),
                arguments(ENTERPRISE + ":department eq \"Tours\"", "(departmentNumber=Tours)"),
                arguments(ENTERPRISE + ":organization sw \"Example\"", "(o=Example*)"),
                arguments(MANAGER + ".value pr", "(manager=*)"),
                arguments(MANAGER + ".value eq null", "(!(manager=*))"),

                // presence; a complex attribute is present when any of its mapped sub-attributes is
                arguments("title pr", "(title=*)"),
                arguments("emails pr", "(mail=*)"),
                arguments("phoneNumbers pr", PHONES_PRESENT),
                arguments("name pr", "(|(cn=*)(sn=*)(givenName=*))"),
                arguments("NAME pr", "(|(cn=*)(sn=*)(givenName=*))"),
                arguments("addresses pr", ADDRESS_PRESENT),

                // logical operators and nesting
                arguments("title pr and userType eq \"Employee\"", "(&(title=*)(employeeType=Employee))"),
                arguments("title pr or userType eq \"Intern\"", "(|(title=*)(employeeType=Intern))"),
                arguments("not (title pr)", "(!(title=*))"),
                arguments("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                        "(&(employeeType=Employee)(|(mail=*example.com*)(mail=*example.org*)))"),
                arguments("userType ne \"Employee\" and not (emails co \"example.com\" or title pr)",
                        "(&(!(employeeType=Employee))(!(|(mail=*example.com*)(title=*))))"),
                arguments("title pr or userName eq \"a\" and displayName eq \"b\"",
                        "(|(title=*)(&(uid=a)(displayName=b)))"),
                arguments("not (not (userName eq \"a\"))", "(!(!(uid=a)))"),

                // multi-valued attributes mapped per type
                arguments("emails eq \"bjensen@example.com\"", "(mail=bjensen@example.com)"),
                arguments("emails.value ew \"@example.com\"", "(mail=*@example.com)"),
                arguments("phoneNumbers.value eq \"+1 555 0100\"",
                        "(|(telephoneNumber=+1 555 0100)(mobile=+1 555 0100)(facsimileTelephoneNumber=+1 555 0100))"),
                arguments("phoneNumbers co \"555\"", "(|(telephoneNumber=*555*)(mobile=*555*)(facsimileTelephoneNumber=*555*))"),
                // ne is "not eq", as on single-valued attributes: no phone number of any type is "1"
                arguments("phoneNumbers.value ne \"1\"", "(!(|(telephoneNumber=1)(mobile=1)(facsimileTelephoneNumber=1)))"),

                // id is the id attribute, and a malformed id cannot match anything (folded, without asking the directory)
                arguments("id eq \"" + UUID + "\"", "(entryUUID=" + UUID + ")"),
                arguments("ID eq \"" + UUID + "\"", "(entryUUID=" + UUID + ")"),
                arguments("id ne \"" + UUID + "\"", "(!(entryUUID=" + UUID + "))"),
                arguments("id eq \"not-a-uuid\"", MATCH_NOTHING),
                arguments("id ne \"not-a-uuid\"", MATCH_ALL),

                // RFC 7644 section 3.4.2.2: eq null is "absent", ne null is "present"
                arguments("title eq null", "(!(title=*))"),
                arguments("title ne null", "(title=*)"),
                arguments("phoneNumbers.value eq null", "(!" + PHONES_PRESENT + ")"),

                // numbers and booleans compared as their text
                arguments("externalId eq 701984", "(employeeNumber=701984)"),
                arguments("externalId eq 1.5e3", "(employeeNumber=1500)"),
                arguments("externalId eq -0.25", "(employeeNumber=-0.25)"),
                arguments("title eq true", "(title=TRUE)"),
                arguments("title eq false", "(title=FALSE)"),

                // Entra's unquoted strings
                arguments("externalId eq jyoung", "(employeeNumber=jyoung)"),

                // RFC 4515 escaping: values are data, never filter syntax
                arguments("userName eq \"*)(uid=*\"", "(uid=\\2a\\29\\28uid=\\2a)"),
                arguments("userName eq \"back\\\\slash\"", "(uid=back\\5cslash)"),
                arguments("userName eq \"nul\\u0000byte\"", "(uid=nul\\00byte)"),
                arguments("displayName eq \"Zoë\"", "(displayName=Zo\\c3\\ab)"),
                arguments("displayName eq \"山田\"", "(displayName=\\e5\\b1\\b1\\e7\\94\\b0)"),
                arguments("userName co \"*\"", "(uid=*\\2a*)"),
                arguments("userName sw \"(a)\"", "(uid=\\28a\\29*)"),
                arguments("userName ew \"\\\\*\"", "(uid=*\\5c\\2a)"),
                arguments("title gt \")\"", "(&(title>=\\29)(!(title=\\29)))"));
    }

    @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
    @MethodSource("translations")
    void translatesToTheExpectedLdapFilter(String scim, String ldap) throws Exception {
        assertTranslation(ldap, translator.translate(FilterParser.parse(scim), RESOLVER));
    }

    @Test
    void scopedTranslationAddsTheMostSpecificObjectClass() throws Exception {
        Filter scoped = translator.translateScoped(FilterParser.parse("userName eq \"bjensen\""), RESOLVER);

        assertEquals(Filter.create("(&(objectClass=inetOrgPerson)(uid=bjensen))"), scoped);
    }

    @Test
    void scopedTranslationWithoutFilterIsTheObjectClassAlone() throws Exception {
        assertEquals(Filter.create("(objectClass=inetOrgPerson)"), translator.translateScoped(null, RESOLVER));
    }

    @Test
    void malformedIdTranslatesToMatchNothing() {
        assertSame(LdapFilterTranslator.MATCH_NOTHING,
                translator.translate(FilterParser.parse("id eq \"not-a-uuid\""), RESOLVER));
    }

    /** Every string contains, starts and ends with "" (RFC 7644 section 3.4.2.2), so these match any present value. */
    @ParameterizedTest(name = "[{index}] userName {0} \"\"")
    @ValueSource(strings = {"co", "sw", "ew"})
    void emptySubstringMatchesEveryPresentValue(String operator) throws Exception {
        Filter actual = translator.translate(FilterParser.parse("userName " + operator + " \"\""), RESOLVER);

        assertEquals(Filter.create("(uid=*)"), actual);
    }

    static Stream<Arguments> untranslatable() {
        return Stream.of(
                arguments("nickName eq \"Babs\"", "'nickName'"),
                arguments("nickName pr", "'nickName'"),
                arguments("title pr and nickName eq \"Babs\"", "'nickName'"),
                arguments(ENTERPRISE + ":employeeNumber eq \"1\"", "employeeNumber"),
                arguments("urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"x\"",
                        "schema 'urn:ietf:params:scim:schemas:core:2.0:Group' is not used by User resources"),
                arguments("urn:example:custom:1.0:User:userName eq \"x\"", "schema 'urn:example:custom:1.0:User'"),
                arguments("id gt \"x\"", "'id' supports only eq and ne"),
                arguments("id co \"" + UUID + "\"", "'id' supports only eq and ne"),
                arguments("title co null", "null"),
                arguments("title gt null", "null"),
                arguments("emails.type eq \"work\"", "emails[type eq \"work\"]"),
                arguments("phoneNumbers.TYPE eq \"work\"", "compare the type inside a value path"),
                arguments("emails.display eq \"x\"", "'emails.display'"),
                arguments("addresses eq \"x\"", "'addresses'"),
                arguments("groups.value eq \"" + ENGINEERING_ID + "\"", "users.memberOf"),
                arguments("groups eq \"" + ENGINEERING_ID + "\"", "users.memberOf"),
                arguments("members.value eq \"" + BJENSEN_ID + "\"", "'members.value'"),
                // a simple attribute has no sub-attributes; ignoring the ".givenName" would answer a different question
                arguments("userName.givenName eq \"x\"", "userName.givenName"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("untranslatable")
    void untranslatableFilterIsInvalidFilter(String scim, String fragment) {
        assertInvalidFilter(() -> translator.translate(FilterParser.parse(scim), RESOLVER), fragment);
    }

    @ParameterizedTest(name = "[{index}] title {0} null")
    @EnumSource(value = CompareOperator.class, names = {"EQ", "NE"}, mode = EnumSource.Mode.EXCLUDE)
    void nullWithAnOperatorOtherThanEqOrNeIsInvalidFilterEvenWithoutTheParser(CompareOperator operator) {
        AttributePath title = new AttributePath(null, "title", null);
        ScimFilter filter = new ScimFilter.Compare(title, operator, FilterValue.NullValue.INSTANCE);

        assertInvalidFilter(() -> translator.translate(filter, RESOLVER), "null can only be compared with eq or ne");
    }

    /** Multi-valued attributes mapped per type: the element's type is known from the rule, so it folds to a constant. */
    @Nested
    class ValuePaths {

        static Stream<Arguments> valuePaths() {
            return Stream.of(
                    arguments("emails[type eq \"work\"]", "(mail=*)"),
                    arguments("emails[type eq \"work\" and value co \"@example.com\"]", "(&(mail=*)(mail=*@example.com*))"),
                    arguments("emails[type eq \"home\"]", MATCH_NOTHING),
                    arguments("emails[type ne \"work\"]", MATCH_NOTHING),
                    arguments("emails[type pr]", "(mail=*)"),
                    arguments("not (emails[type eq \"work\"])", "(!(mail=*))"),
                    arguments("not (emails[type eq \"home\"])", MATCH_ALL),
                    arguments("phoneNumbers[type eq \"mobile\" or type eq \"fax\"]", "(|(mobile=*)(facsimileTelephoneNumber=*))"),
                    arguments("phoneNumbers[type eq \"mobile\"]", "(mobile=*)"),
                    // one alternative per mapped type, each "an element of this type exists and satisfies the filter"
                    arguments("phoneNumbers[value sw \"+1\"]", "(|(|(&(telephoneNumber=*)(telephoneNumber=+1*))"
                            + "(&(mobile=*)(mobile=+1*)))(&(facsimileTelephoneNumber=*)(facsimileTelephoneNumber=+1*)))"),
                    arguments("addresses[type eq \"work\" and locality eq \"Oslo\"]", "(&" + ADDRESS_PRESENT + "(l=Oslo))"),
                    arguments("addresses[type eq \"home\" and locality eq \"Oslo\"]", MATCH_NOTHING),
                    arguments("title pr and emails[type eq \"work\"]", "(&(title=*)(mail=*))"),
                    arguments("title pr or emails[type eq \"home\"]", "(title=*)"),
                    arguments("emails[value eq null]", "(&(mail=*)(!(mail=*)))"),

                    // case-insensitive names, operators and types (RFC 7643 section 2.1, RFC 7644 section 3.4.2.2)
                    arguments("EMAILS[TYPE EQ \"WORK\"]", "(mail=*)"),
                    arguments("Emails[Type eq \"Work\" and VALUE ew \".com\"]", "(&(mail=*)(mail=*.com))"),
                    arguments("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"]", "(mail=*)"),

                    // RFC 4515 escaping inside value paths too
                    arguments("emails[value eq \"*)(mail=*\"]", "(&(mail=*)(mail=\\2a\\29\\28mail=\\2a))"),
                    arguments("emails[value co \"a\\\\b\"]", "(&(mail=*)(mail=*a\\5cb*))"),
                    arguments("emails[value sw \"nul\\u0000\"]", "(&(mail=*)(mail=nul\\00*))"),
                    arguments("emails[value eq \"zoë@例え.jp\"]", "(&(mail=*)(mail=zo\\c3\\ab@\\e4\\be\\8b\\e3\\81\\88.jp))"),
                    arguments("addresses[locality ew \"(*)\"]", "(&" + ADDRESS_PRESENT + "(l=*\\28\\2a\\29))"));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("valuePaths")
        void valuePathTranslatesToConditionsOnTheTypedAttributes(String scim, String ldap) throws Exception {
            assertTranslation(ldap, translator.translate(FilterParser.parse(scim), RESOLVER));
        }

        static Stream<Arguments> invalidValuePaths() {
            return Stream.of(
                    arguments("emails[primary eq true]", "'primary'"),
                    arguments("emails[name.givenName eq \"x\"]", "must be a plain sub-attribute name"),
                    arguments("emails[" + ENTERPRISE + ":department eq \"x\"]", "must be a plain sub-attribute name"),
                    arguments("nickName[value eq \"x\"]", "'nickName'"),
                    // mapped for no type at all: as "emails.display eq" is, not a silent "matches nothing"
                    arguments("emails[display eq \"x\"]", "display"),
                    arguments("emails[bogus eq \"x\"]", "bogus"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidValuePaths")
        void valuePathTheMappingCannotAnswerIsInvalidFilter(String scim, String fragment) {
            assertInvalidFilter(() -> translator.translate(FilterParser.parse(scim), RESOLVER), fragment);
        }

        /** The parser already refuses nested brackets; the translator must not rely on that. */
        @Test
        void nestedValuePathIsInvalidFilterEvenWithoutTheParser() {
            ScimFilter nested = vp("emails", and(eq("type", "work"), vp("phoneNumbers", pr("value"))));

            assertInvalidFilter(() -> translator.translate(nested, RESOLVER), "cannot be nested");
        }
    }

    /** {@code meta} comes from operational attributes: timestamps are compared as generalizedTime, in UTC. */
    @Nested
    class MetaAttributes {

        private static final String MODIFIED_GE = "(|(&(modifyTimestamp=*)(modifyTimestamp>=20260131120000.000Z))"
                + "(&(!(modifyTimestamp=*))(createTimestamp>=20260131120000.000Z)))";

        static Stream<Arguments> metaFilters() {
            return Stream.of(
                    arguments("meta.created gt \"2026-01-31T12:00:00Z\"",
                            "(&(createTimestamp>=20260131120000.000Z)(!(createTimestamp=20260131120000.000Z)))"),
                    arguments("meta.created eq \"2026-01-31T12:00:00Z\"", "(createTimestamp=20260131120000.000Z)"),
                    arguments("meta.created le \"2026-01-31T12:00:00.250Z\"", "(createTimestamp<=20260131120000.250Z)"),
                    arguments("meta.created ge \"2026-01-31T14:00:00+02:00\"", "(createTimestamp>=20260131120000.000Z)"),
                    arguments("meta.created lt \"2026-01-31T06:30:00-05:30\"",
                            "(&(createTimestamp<=20260131120000.000Z)(!(createTimestamp=20260131120000.000Z)))"),
                    arguments("meta.created ge \"2026-01-31t12:00:00z\"", "(createTimestamp>=20260131120000.000Z)"),
                    arguments("META.CREATED ge \"2026-01-31T12:00:00Z\"", "(createTimestamp>=20260131120000.000Z)"),
                    arguments("meta.created pr", "(createTimestamp=*)"),
                    // RFC 7643 section 3.1: never modified means lastModified equals created
                    arguments("meta.lastModified ge \"2026-01-31T12:00:00Z\"", MODIFIED_GE),
                    arguments("meta.lastModified ge \"2026-02-01T01:00:00+13:00\"", MODIFIED_GE),
                    arguments("meta.lastModified pr", MATCH_ALL),
                    arguments("meta.resourceType eq \"User\"", MATCH_ALL),
                    arguments("meta.resourceType eq \"user\"", MATCH_ALL),
                    arguments("meta.resourceType eq \"Group\"", MATCH_NOTHING),
                    arguments("meta.resourceType ne \"Group\"", MATCH_ALL),
                    arguments("meta.resourceType pr", MATCH_ALL));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("metaFilters")
        void metaAttributeTranslatesToOperationalAttributes(String scim, String ldap) throws Exception {
            assertTranslation(ldap, translator.translate(FilterParser.parse(scim), RESOLVER));
        }

        static Stream<Arguments> invalidMetaFilters() {
            return Stream.of(
                    arguments("meta.version eq \"W/\\\"1\\\"\"", "meta.created, meta.lastModified or meta.resourceType"),
                    arguments("meta.location eq \"x\"", "cannot be filtered on"),
                    arguments("meta.created gt \"yesterday\"", "'yesterday' is not an xsd:dateTime"),
                    arguments("meta.created gt \"2026-01-31\"", "is not an xsd:dateTime"),
                    arguments("meta.created gt 20260131", "is a dateTime"),
                    arguments("meta.created co \"2026\"", "not 'co'"),
                    arguments("meta.lastModified sw \"2026\"", "not 'sw'"),
                    arguments("meta.created ew \"Z\"", "not 'ew'"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidMetaFilters")
        void metaFilterTheDirectoryCannotAnswerIsInvalidFilter(String scim, String fragment) {
            assertInvalidFilter(() -> translator.translate(FilterParser.parse(scim), RESOLVER), fragment);
        }
    }

    /** The directory stores references as DNs while SCIM compares ids: the resolver turns the id into the DN. */
    @Nested
    class References {

        static Stream<Arguments> references() {
            return Stream.of(
                    arguments(MANAGER + ".value eq \"" + BJENSEN_ID + "\"", "(manager=" + BJENSEN_DN + ")"),
                    arguments(MANAGER + " eq \"" + BJENSEN_ID + "\"", "(manager=" + BJENSEN_DN + ")"),
                    arguments(MANAGER + ".value ne \"" + BJENSEN_ID + "\"", "(!(manager=" + BJENSEN_DN + "))"),
                    arguments(MANAGER + ".value eq \"" + UNKNOWN_ID + "\"", MATCH_NOTHING),
                    arguments(MANAGER + ".value ne \"" + UNKNOWN_ID + "\"", MATCH_ALL),
                    // a group's id is not a user's: the manager is a user reference
                    arguments(MANAGER + ".value eq \"" + ENGINEERING_ID + "\"", MATCH_NOTHING),
                    arguments(MANAGER + " pr", "(manager=*)"),
                    arguments(ENTERPRISE.toUpperCase(Locale.ROOT) + ":MANAGER.VALUE eq \"" + BJENSEN_ID + "\"",
                            "(manager=" + BJENSEN_DN + ")"),
                    arguments("title pr and " + MANAGER + ".value eq \"" + UNKNOWN_ID + "\"", MATCH_NOTHING),
                    // the DN is data too: its '*', '(', ')' and '\' are escaped (RFC 4515)
                    arguments(MANAGER + ".value eq \"" + ODD_USER_ID + "\"",
                            "(manager=cn=a\\2ab \\28c\\29\\5c, d,ou=people,dc=example,dc=com)"));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("references")
        void referenceIdIsResolvedToTheReferencedDn(String scim, String ldap) throws Exception {
            assertTranslation(ldap, translator.translate(FilterParser.parse(scim), RESOLVER));
        }

        /** Only equality on a DN is meaningful; a substring of an id says nothing about the DN. */
        @ParameterizedTest(name = "[{index}] manager.value {0}")
        @ValueSource(strings = {"co", "sw", "ew", "gt", "le"})
        void comparingAReferenceWithAnythingButEqOrNeIsInvalidFilter(String operator) {
            ScimFilter parsed = FilterParser.parse(MANAGER + ".value " + operator + " \"" + UUID + "\"");

            assertInvalidFilter(() -> translator.translate(parsed, RESOLVER), "references can only be compared with eq or ne");
        }

        @Test
        void scopedTranslationWithoutResolverResolvesNothing() {
            ScimFilter parsed = FilterParser.parse(MANAGER + ".value eq \"" + BJENSEN_ID + "\"");

            assertSame(LdapFilterTranslator.MATCH_NOTHING, translator.translateScoped(parsed, null));
        }
    }

    /** Membership lives in the group's member attribute and, where the directory keeps it, in the user's memberOf. */
    @Nested
    class Membership {

        private static final String MEMBER_OF_USERS = """
                users:
                  base: ou=people,dc=example,dc=com
                  objectClasses: [inetOrgPerson]
                  rdn: uid
                  memberOf: memberOf
                  attributes:
                    userName: uid
                """;

        private final LdapFilterTranslator groups = new LdapFilterTranslator(GROUPS);

        static Stream<Arguments> groupFilters() {
            return Stream.of(
                    arguments("members.value eq \"" + BJENSEN_ID + "\"", "(member=" + BJENSEN_DN + ")"),
                    arguments("members eq \"" + BJENSEN_ID + "\"", "(member=" + BJENSEN_DN + ")"),
                    // groups can be members of groups (RFC 7643 section 4.2)
                    arguments("members eq \"" + ENGINEERING_ID + "\"", "(member=" + ENGINEERING_DN + ")"),
                    arguments("MEMBERS.VALUE eq \"" + ENGINEERING_ID + "\"", "(member=" + ENGINEERING_DN + ")"),
                    arguments("members.value ne \"" + BJENSEN_ID + "\"", "(!(member=" + BJENSEN_DN + "))"),
                    arguments("members.value eq \"" + UNKNOWN_ID + "\"", MATCH_NOTHING),
                    arguments("members.value ne \"" + UNKNOWN_ID + "\"", MATCH_ALL),
                    arguments("members pr", "(member=*)"),
                    arguments("members eq null", "(!(member=*))"),
                    arguments("displayName eq \"Eng\"", "(cn=Eng)"),
                    arguments("displayName eq \"Eng\" and members.value eq \"" + BJENSEN_ID + "\"",
                            "(&(cn=Eng)(member=" + BJENSEN_DN + "))"),
                    arguments("externalId eq \"42\"", "(description=42)"),
                    arguments("meta.resourceType eq \"Group\"", MATCH_ALL),
                    arguments("meta.resourceType eq \"User\"", MATCH_NOTHING));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("groupFilters")
        void groupFilterResolvesMemberIdsToDns(String scim, String ldap) throws Exception {
            assertTranslation(ldap, groups.translate(FilterParser.parse(scim), RESOLVER));
        }

        static Stream<Arguments> invalidGroupFilters() {
            return Stream.of(
                    arguments("members.display eq \"x\"", "use members.value"),
                    arguments("members.value co \"x\"", "references can only be compared with eq or ne"),
                    arguments("userName eq \"x\"", "'userName'"),
                    arguments(ENTERPRISE + ":department eq \"x\"", "is not used by Group resources"),
                    arguments("groups.value eq \"" + ENGINEERING_ID + "\"", "'groups.value'"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidGroupFilters")
        void groupFilterTheMappingCannotAnswerIsInvalidFilter(String scim, String fragment) {
            assertInvalidFilter(() -> groups.translate(FilterParser.parse(scim), RESOLVER), fragment);
        }

        @Test
        void scopedGroupTranslationUsesTheGroupObjectClass() throws Exception {
            Filter scoped = groups.translateScoped(FilterParser.parse("displayName eq \"Eng\""), RESOLVER);

            assertEquals(Filter.create("(&(objectClass=groupOfNames)(cn=Eng))"), scoped);
        }

        @Test
        void groupsOfAUserWithoutMemberOfConfiguredIsInvalidFilterNamingTheSetting() {
            ScimFilter parsed = FilterParser.parse("groups.value eq \"" + ENGINEERING_ID + "\"");

            assertInvalidFilter(() -> translator.translate(parsed, RESOLVER), "set users.memberOf in the mapping");
        }

        static Stream<Arguments> memberOfFilters() {
            return Stream.of(
                    arguments("groups.value eq \"" + ENGINEERING_ID + "\"", "(memberOf=" + ENGINEERING_DN + ")"),
                    arguments("groups eq \"" + ENGINEERING_ID + "\"", "(memberOf=" + ENGINEERING_DN + ")"),
                    arguments("groups.value ne \"" + ENGINEERING_ID + "\"", "(!(memberOf=" + ENGINEERING_DN + "))"),
                    arguments("groups pr", "(memberOf=*)"),
                    arguments("groups.value eq \"" + UNKNOWN_ID + "\"", MATCH_NOTHING),
                    // a user's id is not a group's: memberOf holds group DNs only
                    arguments("groups.value eq \"" + BJENSEN_ID + "\"", MATCH_NOTHING));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("memberOfFilters")
        void groupsOfAUserAreFilteredThroughTheConfiguredMemberOfAttribute(String scim, String ldap) throws Exception {
            LdapFilterTranslator memberOf = new LdapFilterTranslator(load(MEMBER_OF_USERS).users());

            assertTranslation(ldap, memberOf.translate(FilterParser.parse(scim), RESOLVER));
        }

        @Test
        void groupsDisplayIsInvalidFilterEvenWithMemberOf() {
            LdapFilterTranslator memberOf = new LdapFilterTranslator(load(MEMBER_OF_USERS).users());

            assertInvalidFilter(() -> memberOf.translate(FilterParser.parse("groups.display eq \"Eng\""), RESOLVER),
                    "use groups.value");
        }
    }

    /** Booleans are written in LDAP's Boolean syntax (RFC 4517 section 3.3.3): TRUE and FALSE. */
    @Nested
    class Booleans {

        private static final String ACTIVE_USERS = """
                users:
                  base: ou=people,dc=example,dc=com
                  objectClasses: [inetOrgPerson]
                  rdn: uid
                  attributes:
                    userName: uid
                    active: someBool
                """;

        private final LdapFilterTranslator active = new LdapFilterTranslator(load(ACTIVE_USERS).users());

        static Stream<Arguments> booleanFilters() {
            return Stream.of(
                    arguments("active eq true", "(someBool=TRUE)"),
                    arguments("active eq false", "(someBool=FALSE)"),
                    arguments("active ne true", "(!(someBool=TRUE))"),
                    arguments("ACTIVE EQ TRUE", "(someBool=TRUE)"),
                    arguments("active pr", "(someBool=*)"),
                    arguments("active eq null", "(!(someBool=*))"));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("booleanFilters")
        void booleanIsComparedInLdapBooleanSyntax(String scim, String ldap) throws Exception {
            assertTranslation(ldap, active.translate(FilterParser.parse(scim), RESOLVER));
        }

        /** Entra ID sends booleans as the strings "True" and "False" (pingidentity/scim2#239). */
        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("entraBooleanStrings")
        void entraBooleanStringsAreAcceptedAsBooleans(String scim, String ldap) throws Exception {
            assertTranslation(ldap, active.translate(FilterParser.parse(scim), RESOLVER));
        }

        static Stream<Arguments> entraBooleanStrings() {
            return Stream.of(
                    arguments("active eq \"False\"", "(someBool=FALSE)"),
                    arguments("active eq \"True\"", "(someBool=TRUE)"),
                    arguments("active ne \"FALSE\"", "(!(someBool=FALSE))"));
        }

        static Stream<Arguments> invalidBooleanFilters() {
            return Stream.of(
                    arguments("active eq \"maybe\"", "compare it with true or false"),
                    arguments("active eq 1", "compare it with true or false"),
                    arguments("active co \"tr\"", "a boolean can only be compared with eq or ne"),
                    arguments("active gt \"True\"", "a boolean can only be compared with eq or ne"),
                    // RFC 7644 section 3.4.2.2: gt/ge/lt/le with a boolean SHALL be invalidFilter (the parser says so first)
                    arguments("active gt true", "not a boolean"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidBooleanFilters")
        void booleanComparisonOtherThanTrueOrFalseEqualityIsInvalidFilter(String scim, String fragment) {
            assertInvalidFilter(() -> active.translate(FilterParser.parse(scim), RESOLVER), fragment);
        }

        @ParameterizedTest(name = "[{index}] active {0} true")
        @EnumSource(value = CompareOperator.class, names = {"EQ", "NE"}, mode = EnumSource.Mode.EXCLUDE)
        void orderingABooleanIsInvalidFilterEvenWithoutTheParser(CompareOperator operator) {
            ScimFilter filter = cmp("active", operator, bool(true));

            assertInvalidFilter(() -> active.translate(filter, RESOLVER), "a boolean can only be compared with eq or ne");
        }
    }

    /** Conditions the mapping decides alone fold away; a filter that is only a constant becomes a fixed LDAP filter. */
    @Nested
    class ConstantFolding {

        static Stream<Arguments> foldedFilters() {
            return Stream.of(
                    arguments("userName eq \"a\" or meta.resourceType eq \"User\"", LdapFilterTranslator.MATCH_ALL),
                    arguments("userName eq \"a\" and meta.resourceType eq \"Group\"", LdapFilterTranslator.MATCH_NOTHING),
                    arguments("not (meta.resourceType eq \"User\")", LdapFilterTranslator.MATCH_NOTHING),
                    arguments("id pr", LdapFilterTranslator.MATCH_ALL),
                    arguments("emails[type eq \"home\"] or id eq \"not-a-uuid\"", LdapFilterTranslator.MATCH_NOTHING));
        }

        @ParameterizedTest(name = "[{index}] {0}  ->  {1}")
        @MethodSource("foldedFilters")
        void constantFilterIsTheSharedMatchAllOrMatchNothing(String scim, Filter expected) {
            assertSame(expected, translator.translate(FilterParser.parse(scim), RESOLVER));
        }

        @Test
        void constantlyTrueConditionFoldsOutOfAConjunction() throws Exception {
            ScimFilter parsed = FilterParser.parse("userName eq \"a\" and meta.resourceType eq \"User\"");

            Filter actual = translator.translate(parsed, RESOLVER);

            assertTranslation("(uid=a)", actual);
        }

        @Test
        void scopedTranslationOfAnAlwaysTrueFilterIsTheObjectClassAlone() throws Exception {
            Filter scoped = translator.translateScoped(FilterParser.parse("userName eq \"a\" or meta.resourceType eq \"User\""),
                    RESOLVER);

            assertEquals(Filter.create("(objectClass=inetOrgPerson)"), scoped);
        }

        @Test
        void scopedTranslationOfAnAlwaysFalseFilterMatchesNothing() {
            Filter scoped = translator.translateScoped(FilterParser.parse("meta.resourceType eq \"Group\""), RESOLVER);

            assertSame(LdapFilterTranslator.MATCH_NOTHING, scoped);
        }
    }

    private static void assertTranslation(String expected, Filter actual) throws LDAPException {
        Filter parsed = Filter.create(expected);
        assertAll(
                () -> assertEquals(expected, actual.toString()),
                () -> assertEquals(parsed, actual));
    }

    private static void assertInvalidFilter(Executable translation, String fragment) {
        ScimException e = assertThrows(ScimException.class, translation);

        assertAll(
                () -> assertEquals(400, e.status()),
                () -> assertEquals("invalidFilter", e.scimType()),
                () -> assertTrue(e.detail().contains(fragment), e::detail));
    }

    private static MappingConfig load(String yaml) {
        return MappingLoader.load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static DN dn(String text) {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Resolves the ids of a few known users and groups, as the bridge does with one directory search each. */
    private record MapResolver(Map<String, DN> users, Map<String, DN> groups) implements ReferenceResolver {

        @Override
        public Optional<DN> userDn(String id) {
            return Optional.ofNullable(users.get(id));
        }

        @Override
        public Optional<DN> groupDn(String id) {
            return Optional.ofNullable(groups.get(id));
        }
    }
}
