package org.scimbridge.mapping.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.schema.CoreSchemas;

class MappingLoaderTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir", "../config"));
    private static final Pattern USERS_KEY = Pattern.compile("(?m)^users\\s*:");
    private static final String SOURCE = "test-mapping.yaml";

    /** The smallest valid mapping; error rows change one thing in it. */
    private static final String MINIMAL = """
            users:
              base: ou=people,dc=example,dc=com
              objectClasses: [inetOrgPerson]
              rdn: uid
              attributes:
                userName: uid
            """;

    static Stream<Path> mappingFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(CONFIG_DIR)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(MappingLoaderTest::hasUsersKey).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no mapping file with a top-level 'users:' key in " + CONFIG_DIR.toAbsolutePath());
        return files.stream();
    }

    private static boolean hasUsersKey(Path file) {
        try {
            return USERS_KEY.matcher(Files.readString(file, UTF_8)).find();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("mappingFiles")
    void everyShippedMappingFileLoads(Path file) {
        MappingConfig config = MappingLoader.load(file);

        assertEquals("User", config.users().resourceType());
    }

    @Test
    void openLdapUsersLiveDirectlyBelowThePeopleOu() throws Exception {
        ResourceMapping users = openLdapUsers();

        assertAll(
                () -> assertEquals(new DN("ou=people,dc=example,dc=com"), users.base()),
                () -> assertEquals(SearchScope.ONE, users.scope()));
    }

    @Test
    void openLdapUsersAreNamedByUidAndIdentifiedByEntryUuid() {
        ResourceMapping users = openLdapUsers();

        assertAll(
                () -> assertEquals("uid", users.rdnAttribute()),
                () -> assertEquals("entryUUID", users.idAttribute()),
                () -> assertEquals(ResourceMapping.IdSyntax.UUID, users.idSyntax()),
                () -> assertEquals("entryCSN", users.versionAttribute()));
    }

    @Test
    void openLdapUsersHaveOneRulePerMappedAttribute() {
        assertEquals(21, openLdapUsers().rules().size());
    }

    @Test
    void openLdapManagerRuleIsAUserReference() {
        ScimTarget manager = new ScimTarget(CoreSchemas.ENTERPRISE_USER_URN, "manager", null, "value");

        AttributeRule rule = openLdapUsers().rule(manager).orElseThrow();

        assertAll(
                () -> assertEquals("manager", rule.ldapAttribute()),
                () -> assertEquals(Kind.USER_REFERENCE, rule.kind()));
    }

    @Test
    void openLdapRequiredCnHasFourSourcesIncludingATemplate() {
        List<ValueSource> sources = openLdapUsers().required().get("cn");

        assertAll(
                () -> assertEquals(4, sources.size()),
                () -> assertEquals("{name.givenName} {name.familyName}",
                        assertInstanceOf(ValueSource.Template.class, sources.get(2)).text()),
                () -> assertEquals(List.of("name.formatted", "displayName", "{name.givenName} {name.familyName}", "userName"),
                        sources.stream().map(ValueSource::toString).toList()));
    }

    @Test
    void minimalMappingLoads() {
        MappingConfig config = load(MINIMAL);

        assertAll(
                () -> assertEquals(SOURCE, config.source()),
                () -> assertTrue(config.groups().isEmpty()));
    }

    static Stream<Arguments> invalidMappings() {
        return Stream.of(
                arguments("unknown top-level key", MINIMAL + "rolez: []\n", "rolez", "unknown key"),
                arguments("misspelt key inside users", withUsersLine("objectClass: [inetOrgPerson]"),
                        "users.objectClass", "unknown key; expected one of"),
                arguments("users.base missing", """
                        users:
                          objectClasses: [inetOrgPerson]
                          rdn: uid
                          attributes:
                            userName: uid
                        """, "users.base", "is required"),
                arguments("malformed DN", MINIMAL.replace("ou=people,dc=example,dc=com", "ou=people,,dc=example"),
                        "users.base", "is not a valid DN"),
                arguments("scope neither one nor sub", withUsersLine("scope: base"), "users.scope", "must be 'one' or 'sub'"),
                arguments("unknown SCIM attribute", withAttributes("shoeSize: x"),
                        "users.attributes.shoeSize", "'shoeSize' is not an attribute of " + CoreSchemas.USER_URN),
                arguments("unknown sub-attribute", withAttributes("name.middle: x"),
                        "users.attributes.name.middle", "'middle' is not a sub-attribute of name"),
                arguments("complex attribute without sub-attribute", withAttributes("name: cn"),
                        "users.attributes.name", "'name' is complex: name a sub-attribute"),
                arguments("multi-valued attribute without type", withAttributes("emails.value: mail"),
                        "users.attributes.emails.value", "'emails' is multi-valued: select the element with [type eq"),
                arguments("read-only attribute", withAttributes("groups.value: memberOf"),
                        "users.attributes.groups.value", "'groups' is read-only"),
                arguments("type filter on a single-valued attribute", withAttributes("'name[type eq \"work\"].givenName': x"),
                        "users.attributes.name[type eq \"work\"].givenName", "[type eq ...] applies only to multi-valued"),
                arguments("LDAP attribute name with a space", MINIMAL.replace("userName: uid", "userName: \"u id\""),
                        "users.attributes.userName", "'u id' is not a valid LDAP attribute"),
                arguments("same LDAP attribute twice", withAttributes("name.formatted: cn", "displayName: cn"),
                        "users.attributes.displayName", "LDAP attribute 'cn' is already mapped from 'name.formatted'"),
                arguments("userName not mapped", MINIMAL.replace("userName: uid", "displayName: uid"),
                        "users.attributes", "must map 'userName'"),
                arguments("rdn written by no rule and no required fallback", MINIMAL.replace("rdn: uid", "rdn: cn"),
                        "users.rdn", "'cn' must be the LDAP side of an attribute rule"),
                arguments("idSyntax neither uuid, guid nor any", withUsersLine("idSyntax: ulid"),
                        "users.idSyntax", "must be 'uuid', 'guid' or 'any'"),
                arguments("invalid YAML syntax", "users:\n  base: [ou=people\n", "", "is not valid YAML"),
                arguments("template with an unclosed placeholder", MINIMAL + "  required:\n    cn: [\"{name.givenName\"]\n",
                        "users.required.cn", "is not a template of the form"),
                arguments("groups base inside the users subtree searched with scope sub",
                        withUsersLine("scope: sub") + """
                                groups:
                                  base: ou=groups,ou=people,dc=example,dc=com
                                  objectClasses: [groupOfNames]
                                  rdn: cn
                                  attributes:
                                    displayName: cn
                                """,
                        "groups.base", "must not lie inside the users subtree when users.scope is sub"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidMappings")
    void invalidMappingFailsNamingTheKeyAndTheReason(String description, String yaml, String key, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

        assertAll(
                () -> assertEquals(key, e.key()),
                () -> assertTrue(e.getMessage().contains(fragment), () -> "message: " + e.getMessage()),
                () -> assertTrue(e.getMessage().startsWith(SOURCE + ": "), () -> "message: " + e.getMessage()),
                () -> assertTrue(key.isEmpty() || e.getMessage().contains("key '" + key + "'"),
                        () -> "message: " + e.getMessage()));
    }

    /** A repeated key would otherwise let the last one win silently, the same trap as a misspelt key. */
    @Test
    void repeatedKeyIsAnErrorNamingTheKey() {
        String yaml = withAttributes("displayName: displayName", "displayName: cn");

        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith(SOURCE + ": "), () -> "message: " + e.getMessage()),
                () -> assertTrue(e.getMessage().contains("displayName"), () -> "message: " + e.getMessage()));
    }

    @Test
    void errorLoadedFromAFileNamesThatFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, withUsersLine("scope: everywhere"), UTF_8);

        ConfigException e = assertThrows(ConfigException.class, () -> MappingLoader.load(file));

        assertAll(
                () -> assertEquals(file.toString(), e.file()),
                () -> assertTrue(e.getMessage().startsWith(file + ": key 'users.scope': "), () -> "message: " + e.getMessage()));
    }

    private static String withUsersLine(String line) {
        return MINIMAL.replace("  rdn: uid\n", "  rdn: uid\n  " + line + "\n");
    }

    private static String withAttributes(String... lines) {
        StringBuilder yaml = new StringBuilder(MINIMAL);
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }

    private static MappingConfig load(String yaml) {
        return MappingLoader.load(SOURCE, new ByteArrayInputStream(yaml.getBytes(UTF_8)));
    }

    private static ResourceMapping openLdapUsers() {
        return MappingLoader.load(CONFIG_DIR.resolve("openldap.yaml")).users();
    }
}
