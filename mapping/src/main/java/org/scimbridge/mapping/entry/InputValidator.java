package org.scimbridge.mapping.entry;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.CoreSchemas;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * Checks a resource body against the SCIM schemas before anything is mapped: unknown attributes and wrong JSON types
 * are 400 errors naming the attribute (RFC 7644 section 3.12), so nothing half-valid reaches the directory.
 */
final class InputValidator {

    /**
     * Schema URNs IdPs list in "schemas" without sending any attribute of them: Entra's "Create Group" request names
     * {@code http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group} (MS SCIM tutorial, "Group
     * operations"). They are ignored; an attribute under such a URN is still an unknown attribute.
     */
    private static final Set<String> IGNORED_SCHEMAS =
            Set.of("http://schemas.microsoft.com/2006/11/resourcemanagement/adscim/2.0/group");

    private final ScimSchema core;
    private final ScimSchema extension;

    InputValidator(ScimSchema core, ScimSchema extension) {
        this.core = core;
        this.extension = extension;
    }

    void validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("the request body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equalsIgnoreCase("schemas")) {
                validateSchemas(value);
            } else if (name.equalsIgnoreCase("id") || name.equalsIgnoreCase("meta")) {
                // Assigned by the service provider (RFC 7643 section 3.1); clients echo them back in PUTs, so ignore.
                continue;
            } else if (name.equalsIgnoreCase("externalId")) {
                requireString(value, "externalId");
            } else if (extension != null && name.equalsIgnoreCase(extension.id())) {
                if (!value.isObject() && !value.isNull()) {
                    throw ScimException.invalidSyntax("'" + name + "' must be a JSON object");
                }
                for (Map.Entry<String, JsonNode> extMember : value.properties()) {
                    AttributeDefinition definition = extension.attribute(extMember.getKey()).orElseThrow(
                            () -> ScimException.invalidSyntax("unknown attribute '" + extMember.getKey() + "' in " + extension.id()));
                    validateValue(definition, extMember.getValue(), extMember.getKey());
                }
            } else {
                AttributeDefinition definition = core.attribute(name).orElseThrow(
                        () -> ScimException.invalidSyntax("unknown attribute '" + name + "' for resource type " + core.name()));
                validateValue(definition, value, name);
            }
        }
    }

    private void validateSchemas(JsonNode value) {
        if (!value.isArray()) {
            throw ScimException.invalidSyntax("'schemas' must be an array of schema URNs");
        }
        for (JsonNode urn : value) {
            if (!urn.isTextual()) {
                throw ScimException.invalidSyntax("'schemas' must be an array of schema URNs");
            }
            boolean known = urn.asText().equalsIgnoreCase(core.id())
                    || extension != null && urn.asText().equalsIgnoreCase(extension.id())
                    || IGNORED_SCHEMAS.contains(urn.asText().toLowerCase(Locale.ROOT));
            if (!known) {
                throw ScimException.invalidValue("schema '" + urn.asText() + "' is not supported for " + core.name()
                        + " resources; see /Schemas");
            }
        }
    }

    private static void validateValue(AttributeDefinition definition, JsonNode value, String path) {
        if (value.isNull()) {
            return;
        }
        if (definition.multiValued()) {
            if (value.isArray()) {
                for (JsonNode element : value) {
                    validateSingle(definition, element, path);
                }
                return;
            }
            // A single object where an array is expected is accepted as a one-element array; several clients do this.
        }
        validateSingle(definition, value, path);
    }

    private static void validateSingle(AttributeDefinition definition, JsonNode value, String path) {
        if (value.isNull()) {
            return;
        }
        switch (definition.type()) {
            case COMPLEX -> {
                if (value.isTextual() && definition.name().equals("manager")) {
                    return; // Entra sends the enterprise manager as a bare id string (SCIM-SDK#541); the reader takes it as value.
                }
                if (!value.isObject()) {
                    throw ScimException.invalidSyntax("'" + path + "' must be a JSON object");
                }
                for (Map.Entry<String, JsonNode> sub : value.properties()) {
                    AttributeDefinition subDefinition = definition.subAttribute(sub.getKey()).orElseThrow(
                            () -> ScimException.invalidSyntax("unknown sub-attribute '" + sub.getKey() + "' of '" + path + "'"));
                    validateSingle(subDefinition, sub.getValue(), path + "." + sub.getKey());
                }
            }
            case BOOLEAN -> {
                // Entra ID sends booleans as the strings "True"/"False" unless the tenant URL carries ?aadOptscim062020.
                boolean text = value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"));
                if (!value.isBoolean() && !text) {
                    throw ScimException.invalidSyntax("'" + path + "' must be a boolean");
                }
            }
            case INTEGER, DECIMAL -> {
                if (!value.isNumber()) {
                    throw ScimException.invalidSyntax("'" + path + "' must be a number");
                }
            }
            default -> requireString(value, path);
        }
    }

    private static void requireString(JsonNode value, String path) {
        // Numbers are accepted for strings: employee numbers arrive as JSON numbers from some IdP mappings.
        if (!value.isNull() && !value.isTextual() && !value.isNumber()) {
            throw ScimException.invalidSyntax("'" + path + "' must be a string");
        }
    }

    static ScimSchema extensionFor(ScimSchema core) {
        return core == CoreSchemas.USER ? CoreSchemas.ENTERPRISE_USER : null;
    }
}
