package org.scimbridge.mapping.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.junit.jupiter.api.Test;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.schema.CoreSchemas;

/** Which PATCH requests are written without reading the entry, on the shipped OpenLDAP mapping. */
class UnreadPatchTest {

    private static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER_URN;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnreadPatch unread = new UnreadPatch(new AttributeMapper(MappingLoader.load(
            Path.of(System.getProperty("config.dir", "../config"), "openldap.yaml")).users()),
            CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER, Set.of("preferredLanguage"));

    private Optional<UnreadPatch.Plan> plan(String operations) throws Exception {
        return unread.plan(PatchRequest.parse(JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + operations + "}"), CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER));
    }

    @Test
    void onlyAttributesNothingElseDependsOnQualify() {
        // Not: uid (name, RDN), cn/sn (required, and displayName and name.* feed them), the lifecycle attribute, multi-
        // valued elements (mail, telephoneNumber, street...), manager (a DN), employeeNumber... is in: externalId is a
        // plain string. preferredLanguage is excluded by the caller here (as role grants are).
        assertEquals(Set.of("employeeNumber", "title", "employeeType", "o", "businessCategory", "departmentNumber"),
                unread.writableAttributes());
    }

    @Test
    void entrasReplaceOfOneAttributeIsOneReplace() throws Exception {
        UnreadPatch.Plan plan = plan("[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Commodore\"}]").orElseThrow();
        assertEquals(List.of(new Modification(ModificationType.REPLACE, "title", "Commodore")), plan.modifications());
        assertEquals(Filter.createANDFilter(Filter.createEqualityFilter("title", "Commodore")), plan.alreadySo());
        assertEquals(List.of("title"), plan.attributes());
    }

    @Test
    void extensionPathsAddsAndPathlessFormsQualify() throws Exception {
        UnreadPatch.Plan plan = plan("[{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Navy\"},"
                + "{\"op\":\"replace\",\"value\":{\"userType\":\"Employee\",\"" + ENTERPRISE + "\":{\"division\":\"R&D\"}}},"
                + "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"first\"},{\"op\":\"replace\",\"path\":\"title\",\"value\":\"last\"}]")
                .orElseThrow();
        assertEquals(List.of(new Modification(ModificationType.REPLACE, "departmentNumber", "Navy"),
                new Modification(ModificationType.REPLACE, "employeeType", "Employee"),
                new Modification(ModificationType.REPLACE, "businessCategory", "R&D"),
                new Modification(ModificationType.REPLACE, "title", "last")), plan.modifications());
    }

    @Test
    void anythingThatNeedsTheEntryTakesTheGeneralPath() throws Exception {
        for (String operations : List.of(
                "[{\"op\":\"remove\",\"path\":\"title\"}]",
                "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"\"}]",
                "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Grace\"}]",
                "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Grace\"}]",
                "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"grace\"}]",
                "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]",
                "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"g@example.com\"}]",
                "[{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":{\"value\":\"42\"}}]",
                "[{\"op\":\"replace\",\"path\":\"preferredLanguage\",\"value\":\"en\"}]",
                "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Commodore\"},{\"op\":\"remove\",\"path\":\"userType\"}]",
                "[{\"op\":\"replace\",\"value\":{\"title\":\"Commodore\",\"active\":false}}]",
                "[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"secret\"}]")) {
            assertEquals(Optional.empty(), plan(operations), operations);
        }
    }
}
