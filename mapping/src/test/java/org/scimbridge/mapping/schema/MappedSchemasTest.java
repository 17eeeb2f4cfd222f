package org.scimbridge.mapping.schema;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;

class MappedSchemasTest {

    private static final ResourceMapping USERS =
            MappingLoader.load(Path.of(System.getProperty("config.dir", "../config"), "openldap.yaml")).users();
    private static final List<ScimSchema> SCHEMAS = MappedSchemas.of(USERS);

    private static ScimSchema user() {
        return SCHEMAS.getFirst();
    }

    private static ScimSchema enterprise() {
        return SCHEMAS.get(1);
    }

    private static List<String> names(List<AttributeDefinition> attributes) {
        return attributes.stream().map(AttributeDefinition::name).toList();
    }

    @Test
    void userSchemaComesFirstThenTheEnterpriseExtension() {
        assertEquals(List.of(CoreSchemas.USER_URN, CoreSchemas.ENTERPRISE_USER_URN),
                SCHEMAS.stream().map(ScimSchema::id).toList());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"userName", "name", "displayName", "title", "emails", "phoneNumbers", "addresses", "active", "password"})
    void userSchemaListsMappedAttributes(String attribute) {
        assertTrue(user().attribute(attribute).isPresent(), () -> names(user().attributes()).toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"nickName", "groups", "ims", "photos", "x509Certificates"})
    void userSchemaLeavesOutUnmappedAttributes(String attribute) {
        assertFalse(user().attribute(attribute).isPresent(), () -> names(user().attributes()).toString());
    }

    @Test
    void nameListsOnlyTheMappedSubAttributes() {
        AttributeDefinition name = user().attribute("name").orElseThrow();

        assertEquals(List.of("formatted", "familyName", "givenName"), names(name.subAttributes()));
    }

    @Test
    void emailsListValueTypeAndPrimary() {
        AttributeDefinition emails = user().attribute("emails").orElseThrow();

        assertEquals(List.of("value", "type", "primary"), names(emails.subAttributes()));
    }

    @Test
    void emailTypeAdvertisesOnlyTheMappedTypesAsCanonicalValues() {
        AttributeDefinition type = user().attribute("emails").orElseThrow().subAttribute("type").orElseThrow();

        assertEquals(List.of("work"), type.canonicalValues());
    }

    @Test
    void phoneNumberTypeAdvertisesTheMappedTypesInFileOrder() {
        AttributeDefinition type = user().attribute("phoneNumbers").orElseThrow().subAttribute("type").orElseThrow();

        assertEquals(List.of("work", "mobile", "fax"), type.canonicalValues());
    }

    @Test
    void enterpriseSchemaListsOnlyTheMappedAttributes() {
        assertEquals(List.of("organization", "division", "department", "manager"), names(enterprise().attributes()));
    }

    @Test
    void enterpriseManagerListsValueAndRef() {
        AttributeDefinition manager = enterprise().attribute("manager").orElseThrow();

        assertEquals(List.of("value", "$ref"), names(manager.subAttributes()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"employeeNumber", "costCenter"})
    void enterpriseSchemaLeavesOutUnmappedAttributes(String attribute) {
        assertFalse(enterprise().attribute(attribute).isPresent());
    }

    @Test
    void restrictedDefinitionsKeepTheirCharacteristics() {
        AttributeDefinition userName = user().attribute("userName").orElseThrow();

        assertAll(
                () -> assertTrue(userName.required()),
                () -> assertEquals(AttributeDefinition.Uniqueness.SERVER, userName.uniqueness()),
                () -> assertTrue(user().attribute("emails").orElseThrow().multiValued()));
    }
}
