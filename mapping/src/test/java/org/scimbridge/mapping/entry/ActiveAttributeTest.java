package org.scimbridge.mapping.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;

import org.junit.jupiter.api.Test;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingLoader;

/** {@code active} mapped to an LDAP Boolean attribute, and the PUT rule that an omitted {@code active} changes nothing. */
class ActiveAttributeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReferenceResolver NONE = id -> Optional.empty();

    private static AttributeMapper mapper(boolean withActive) throws Exception {
        // This test is about active as a plain Boolean attribute rule: without the profile's lifecycle strategy.
        String yaml = Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml"))
                .replace("  active:\n    strategy: value\n    attribute: pwdAccountLockedTime\n    disabled: \"000001010000Z\"\n", "");
        if (withActive) {
            yaml = yaml.replace("    userName: uid\n", "    userName: uid\n    active: enabledFlag\n");
        }
        return new AttributeMapper(MappingLoader.load("test", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).users());
    }

    private static Entry current() throws Exception {
        return new Entry("dn: uid=bjensen,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: bjensen",
                "cn: Barbara Jensen", "sn: Jensen", "enabledFlag: FALSE", "title: Guide",
                "entryUUID: 2819c223-7f76-453a-919d-413861904646");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** Okta custom apps send full PUTs without "active" (Okta SCIM reference); treating absence as false would suspend. */
    @Test
    void oktaPutWithoutActiveLeavesItUnchanged() throws Exception {
        AttributeMapper mapper = mapper(true);
        Entry target = mapper.targetEntry(json("{\"userName\":\"bjensen\",\"title\":\"Senior Guide\"}"), current(), NONE);
        assertEquals("FALSE", target.getAttributeValue("enabledFlag"));
        assertTrue(mapper.diff(current(), target).stream().noneMatch(m -> m.getAttributeName().equalsIgnoreCase("enabledFlag")));
    }

    /** Entra sends "True"/"False" strings for booleans unless the tenant URL carries ?aadOptscim062020. */
    @Test
    void entraStringTrueIsWrittenAsLdapTrue() throws Exception {
        Entry target = mapper(true).targetEntry(json("{\"userName\":\"bjensen\",\"active\":\"True\"}"), current(), NONE);
        assertEquals("TRUE", target.getAttributeValue("enabledFlag"));
    }

    @Test
    void aBooleanAttributeIsRenderedAsAJsonBoolean() throws Exception {
        JsonNode user = mapper(true).toScim(current(), new RenderContext("https://x/scim/v2", Map.of()));
        assertTrue(user.path("active").isBoolean(), user.toString());
        assertEquals(false, user.path("active").asBoolean());
    }

    @Test
    void aTitleThatReadsTrueStaysAsWritten() throws Exception {
        Entry target = mapper(true).targetEntry(json("{\"userName\":\"bjensen\",\"title\":\"true\"}"), current(), NONE);
        assertEquals("true", target.getAttributeValue("title"));
    }

    @Test
    void deactivationWithoutAnActiveRuleIsRefusedNotIgnored() throws Exception {
        ScimException e = assertThrows(ScimException.class,
                () -> mapper(false).targetEntry(json("{\"userName\":\"bjensen\",\"active\":false}"), current(), NONE));
        assertEquals("invalidValue", e.scimType());
        assertEquals("bjensen", mapper(false).targetEntry(json("{\"userName\":\"bjensen\",\"active\":true}"), current(), NONE)
                .getAttributeValue("uid"), "activating (the default state) is harmless and accepted");
    }
}
