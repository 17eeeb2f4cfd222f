package org.scimbridge.mapping.roles;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.DN;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scimbridge.mapping.config.ConfigException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

class RoleRulesLoaderTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("config.dir", "../config"));
    private static final String SOURCE = "roles-mapping.yaml";

    /** Users and groups as small as they can be, so that role rules are the only thing under test. */
    private static final String MAPPING = """
            users:
              base: ou=people,dc=example,dc=com
              objectClasses: [inetOrgPerson]
              rdn: uid
              attributes:
                userName: uid
                userType: employeeType
            groups:
              base: ou=groups,dc=example,dc=com
              objectClasses: [groupOfNames]
              rdn: cn
              attributes:
                displayName: cn
            """;

    /** A valid rule; error rows put one broken rule after it, so the index in the key is checked too. */
    private static final String VALID_RULE = """
              - name: developer
                when: { displayName: Engineering }
                grant: { attribute: appRole, value: developer }
            """;

    @Test
    void aFullExampleLoadsEveryMatcherAndGrantShape() throws Exception {
        MappingConfig config = load(MAPPING + """
                roles:
                  - name: developer
                    when: { displayName: Engineering }
                    grant:
                      attribute: appRole
                      value: developer
                      group: cn=developers,ou=roles,dc=example,dc=com
                  - name: admin
                    when: { externalId: 00gADMIN }
                    grant:
                      group: cn=app-admins,ou=roles,dc=example,dc=com
                      groupMemberAttribute: uniqueMember
                  - name: developer
                    when: { dn: "cn=platform-[^,]+,ou=groups,dc=example,dc=com" }
                    grant: { attribute: appRole, value: developer }
                """);

        assertEquals(List.of(
                new RoleRule("developer", GroupMatcher.displayName("Engineering"),
                        Optional.of(new AttributeGrant("appRole", "developer")),
                        Optional.of(new GroupGrant(new DN("cn=developers,ou=roles,dc=example,dc=com"), "member"))),
                new RoleRule("admin", GroupMatcher.externalId("00gADMIN"), Optional.empty(),
                        Optional.of(new GroupGrant(new DN("cn=app-admins,ou=roles,dc=example,dc=com"), "uniqueMember"))),
                new RoleRule("developer", GroupMatcher.dn("cn=platform-[^,]+,ou=groups,dc=example,dc=com"),
                        Optional.of(new AttributeGrant("appRole", "developer")), Optional.empty())),
                config.roles());
    }

    @Test
    void aMappingWithoutRolesHasNoRules() {
        assertEquals(List.of(), load(MAPPING).roles());
    }

    @Test
    void anEmptyRolesListHasNoRules() {
        assertEquals(List.of(), load(MAPPING + "roles: []\n").roles());
    }

    @Test
    void theThreeArgumentConstructorMeansNoRules() {
        MappingConfig loaded = load(MAPPING);

        assertEquals(List.of(), new MappingConfig(loaded.source(), loaded.users(), loaded.groups()).roles());
    }

    /** The commented example at the end of openldap.yaml, uncommented, is a working configuration. */
    @Test
    void theCommentedOpenLdapExampleLoadsWhenUncommented() throws IOException {
        List<String> lines = Files.readAllLines(CONFIG_DIR.resolve("openldap.yaml"), UTF_8);
        int start = lines.indexOf("# roles:");
        assertTrue(start >= 0, "openldap.yaml has no line '# roles:'");
        List<String> uncommented = new ArrayList<>(lines.subList(0, start));
        lines.subList(start, lines.size()).forEach(line -> uncommented.add(line.replaceFirst("^# ?", "")));

        MappingConfig config = MappingLoader.load("openldap.yaml", new ByteArrayInputStream(String.join("\n", uncommented)
                .getBytes(UTF_8)));

        RoleRules rules = new RoleRules(config.roles());
        assertAll(
                () -> assertFalse(config.roles().isEmpty()),
                () -> assertFalse(rules.roleGroups().isEmpty()),
                () -> assertFalse(rules.grantedAttributes().isEmpty()));
    }

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                arguments("roles not a list", "roles: { name: developer }\n", "roles", "must be a list"),
                arguments("rule not a map", rules("  - developer\n"), "roles[1]", "must be a map"),
                arguments("unknown key in a rule", rules(VALID_RULE + "    role: admin\n"), "roles[1].role", "unknown key"),
                arguments("name missing", rules("""
                          - when: { displayName: Engineering }
                            grant: { attribute: appRole, value: developer }
                        """), "roles[1].name", "is required"),
                arguments("when missing", rules("""
                          - name: developer
                            grant: { attribute: appRole, value: developer }
                        """), "roles[1].when", "is required"),
                arguments("two matchers in when", rules("""
                          - name: developer
                            when: { displayName: Engineering, externalId: 00gENG }
                            grant: { attribute: appRole, value: developer }
                        """), "roles[1].when",
                        "must have exactly one of [displayName, externalId, dn], not [displayName, externalId]"),
                arguments("no matcher in when", rules("""
                          - name: developer
                            when: {}
                            grant: { attribute: appRole, value: developer }
                        """), "roles[1].when", "not none"),
                arguments("unknown key in when", rules("""
                          - name: developer
                            when: { group: Engineering }
                            grant: { attribute: appRole, value: developer }
                        """), "roles[1].when.group", "unknown key"),
                arguments("bad regex", rules("""
                          - name: developer
                            when: { dn: "cn=(eng,ou=groups" }
                            grant: { attribute: appRole, value: developer }
                        """), "roles[1].when.dn", "is not a valid regular expression"),
                arguments("grant missing", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                        """), "roles[1].grant", "is required"),
                arguments("grant of nothing", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: {}
                        """), "roles[1].grant", "grants nothing"),
                arguments("unknown key in grant", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { attribute: appRole, values: developer }
                        """), "roles[1].grant.values", "unknown key"),
                arguments("attribute without value", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { attribute: appRole }
                        """), "roles[1].grant.value", "is required with grant.attribute"),
                arguments("value without attribute", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { value: developer }
                        """), "roles[1].grant.attribute", "is required with grant.value"),
                arguments("attribute name with a space", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { attribute: "app role", value: developer }
                        """), "roles[1].grant.attribute", "is not a valid LDAP attribute name"),
                arguments("attribute the user mapping writes", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { attribute: employeeType, value: developer }
                        """), "roles[1].grant.attribute", "is mapped from SCIM 'userType'"),
                arguments("bad DN", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { group: "cn=developers,,ou=roles" }
                        """), "roles[1].grant.group", "is not a valid DN"),
                arguments("role group among the SCIM groups", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { group: "cn=developers,ou=groups,dc=example,dc=com" }
                        """), "roles[1].grant.group", "lies in the SCIM groups subtree"),
                arguments("member attribute without group", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { attribute: appRole, value: developer, groupMemberAttribute: member }
                        """), "roles[1].grant.groupMemberAttribute", "only meaningful with grant.group"),
                arguments("memberUid as member attribute", rules("""
                          - name: developer
                            when: { displayName: Engineering }
                            grant: { group: "cn=developers,ou=roles,dc=example,dc=com", groupMemberAttribute: memberUid }
                        """), "roles[1].grant.groupMemberAttribute", "must hold member DNs"),
                arguments("one role group with two member attributes", rules("""
                          - name: admin
                            when: { displayName: Admins }
                            grant: { group: "cn=app-admins,ou=roles,dc=example,dc=com" }
                          - name: admin
                            when: { displayName: Operators }
                            grant: { group: "CN=App-Admins,OU=Roles,DC=example,DC=com", groupMemberAttribute: uniqueMember }
                        """), "roles[2].grant.groupMemberAttribute", "already granted through 'member'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidRules")
    void invalidRuleFailsNamingTheFileTheKeyAndTheReason(String description, String yaml, String key, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(MAPPING + yaml));

        assertAll(
                () -> assertEquals(SOURCE, e.file()),
                () -> assertEquals(key, e.key()),
                () -> assertTrue(e.getMessage().startsWith(SOURCE + ": key '" + key + "': "), () -> "message: " + e.getMessage()),
                () -> assertTrue(e.getMessage().contains(fragment), () -> "message: " + e.getMessage()));
    }

    /** The valid rule first, then {@code more}, so a broken rule sits at index 1. */
    private static String rules(String more) {
        return "roles:\n" + VALID_RULE + more;
    }

    private static MappingConfig load(String yaml) {
        return MappingLoader.load(SOURCE, new ByteArrayInputStream(yaml.getBytes(UTF_8)));
    }
}
