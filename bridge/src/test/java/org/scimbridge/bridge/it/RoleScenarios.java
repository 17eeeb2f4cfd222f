package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFException;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * Group-to-role rules against every directory: grants follow membership, renames and deletes, and only the grants the
 * rules make are ever removed.
 */
public interface RoleScenarios {

    String ROLE_GROUP = "cn=developers,ou=roles,dc=example,dc=com";

    /** A bridge whose mapping has the rules of {@link #mapping(String)}. */
    BridgeHarness rolesBridge();

    /**
     * {@code config/openldap.yaml} with two rules: members of the group named {@code Role Engineering} are developers
     * (employeeType and the role group), members of any {@code cn=ops-...} group are operators. userType, which the
     * profile keeps in employeeType, is unmapped so that the grants own that attribute.
     */
    static MappingConfig mapping(String versionAttribute) throws IOException {
        return mapping(versionAttribute, UnaryOperator.identity());
    }

    /** The same rules on {@code config/openldap.yaml} changed by {@code edit} first. */
    static MappingConfig mapping(String versionAttribute, UnaryOperator<String> edit) throws IOException {
        String yaml = edit.apply(Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml")))
                .replace("    userType: employeeType\n", "")
                .replace("version: entryCSN", "version: " + versionAttribute) + """

                roles:
                  - name: developer
                    when: { displayName: Role Engineering }
                    grant: { attribute: employeeType, value: developer, group: "%s" }
                  - name: operator
                    when: { dn: "cn=ops-[^,]+,ou=groups,dc=example,dc=com" }
                    grant: { attribute: employeeType, value: operator }
                """.formatted(ROLE_GROUP);
        return MappingLoader.load("openldap.yaml (roles)", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The role group the rules write to, created once per directory. */
    static void createRoleGroup(LDAPInterface admin) throws LDAPException, LDIFException {
        if (admin.getEntry("ou=roles,dc=example,dc=com") == null) {
            admin.add("dn: ou=roles,dc=example,dc=com", "objectClass: organizationalUnit", "ou: roles");
            admin.add("dn: " + ROLE_GROUP, "objectClass: groupOfNames", "cn: developers",
                    "member: cn=empty-group-placeholder,dc=example,dc=com");
        }
    }

    private String user() {
        Response created = rolesBridge().send("POST", "/Users", "{\"userName\":\"role-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    private Set<String> employeeTypes(String userId) {
        String[] values = rolesBridge().userEntryById(userId).orElseThrow().getAttributeValues("employeeType");
        return values == null ? Set.of() : new TreeSet<>(List.of(values));
    }

    private boolean inRoleGroup(String userId) throws LDAPException {
        String dn = rolesBridge().userEntryById(userId).orElseThrow().getDN();
        return rolesBridge().admin().compare(ROLE_GROUP, "member", dn).compareMatched();
    }

    private Response patchGroup(String id, String operations) {
        return rolesBridge().send("PATCH", "/Groups/" + id, "{\"Operations\":" + operations + "}");
    }

    @Test
    default void grantsFollowMembershipAndRenameAndDelete() throws Exception {
        String dev = user();
        String other = user();
        Response created = rolesBridge().send("POST", "/Groups", "{\"displayName\":\"Role Engineering\",\"members\":[{\"value\":\"" + dev + "\"}]}");
        assertEquals(201, created.status(), created.body());
        String group = created.json().path("id").asText();
        try {
            assertEquals(Set.of("developer"), employeeTypes(dev), "joining grants the attribute value");
            assertTrue(inRoleGroup(dev), "and the role group membership");
            assertEquals("developer", rolesBridge().get("/Users/" + dev).json().path("roles").path(0).path("value").asText());

            assertEquals(200, patchGroup(group, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}]").status());
            assertEquals(Set.of("developer"), employeeTypes(other));
            assertEquals(200, patchGroup(group, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + other + "\\\"]\"}]").status());
            assertEquals(Set.of(), employeeTypes(other), "leaving revokes");
            assertFalse(inRoleGroup(other));

            Response renamed = patchGroup(group, "[{\"op\":\"replace\",\"value\":{\"id\":\"" + group + "\",\"displayName\":\"Role Marketing\"}}]");
            assertEquals(200, renamed.status(), renamed.body());
            assertEquals(Set.of(), employeeTypes(dev), "a rename away from the rule revokes");
            assertFalse(inRoleGroup(dev));
            assertEquals(200, patchGroup(group, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Role Engineering\"}]").status());
            assertEquals(Set.of("developer"), employeeTypes(dev), "renaming back grants again");
        } finally {
            assertEquals(204, rolesBridge().send("DELETE", "/Groups/" + group, null).status());
        }
        assertEquals(Set.of(), employeeTypes(dev), "deleting the group revokes");
        assertFalse(inRoleGroup(dev));
    }

    @Test
    default void valuesSetByHandSurviveRevocation() throws Exception {
        String user = user();
        String dn = rolesBridge().userEntryById(user).orElseThrow().getDN();
        rolesBridge().admin().modify(dn, new Modification(ModificationType.ADD, "employeeType", "contractor"));
        String name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = rolesBridge().send("POST", "/Groups", "{\"displayName\":\"" + name + "\",\"members\":[{\"value\":\"" + user + "\"}]}");
        assertEquals(201, created.status(), created.body());
        assertEquals(Set.of("contractor", "operator"), employeeTypes(user), "matched by the DN pattern");
        String group = created.json().path("id").asText();
        assertEquals(200, patchGroup(group, "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]").status());
        assertEquals(Set.of("contractor"), employeeTypes(user), "only the rule's grant goes");
    }
}
