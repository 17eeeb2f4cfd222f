package org.scimbridge.mapping.patch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Mutability;
import org.scimbridge.mapping.schema.AttributeDefinition.Returned;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.AttributeDefinition.Uniqueness;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * The schemas a PATCH is checked against: the resource type's core schema, its extension if any, and the common
 * attributes every resource has (RFC 7643 section 3 {@code schemas}, section 3.1 {@code id}, {@code externalId},
 * {@code meta}), which the schema tables of {@code CoreSchemas} leave out.
 *
 * @param core      the core schema, such as {@code CoreSchemas.USER}
 * @param extension the extension schema, such as {@code CoreSchemas.ENTERPRISE_USER}, or {@code null}
 */
record ResourceSchemas(ScimSchema core, ScimSchema extension) {

    /** RFC 7643 section 3.1: "id" is readOnly and caseExact. */
    static final AttributeDefinition ID = simple("id", Mutability.READ_ONLY, true, false);
    /** RFC 7643 section 3.1: "externalId" is readWrite and caseExact. */
    static final AttributeDefinition EXTERNAL_ID = simple("externalId", Mutability.READ_WRITE, true, false);
    /** RFC 7643 section 3: the URIs of the schemas the resource uses; the server derives it. */
    static final AttributeDefinition SCHEMAS = simple("schemas", Mutability.READ_ONLY, true, true);
    /** RFC 7643 section 3.1: "meta" and all its sub-attributes are readOnly. */
    static final AttributeDefinition META = new AttributeDefinition("meta", Type.COMPLEX, false, false, false,
            Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE,
            List.of(simple("resourceType", Mutability.READ_ONLY, true, false),
                    dateTime("created"), dateTime("lastModified"),
                    simple("location", Mutability.READ_ONLY, true, false),
                    simple("version", Mutability.READ_ONLY, true, false)),
            List.of(), List.of(), "Resource metadata");

    private static final List<AttributeDefinition> COMMON = List.of(ID, EXTERNAL_ID, SCHEMAS, META);

    ResourceSchemas {
        Objects.requireNonNull(core, "core");
    }

    /** A core attribute or common attribute by name, case-insensitively (RFC 7643 section 2.1). */
    Optional<AttributeDefinition> coreAttribute(String name) {
        return core.attribute(name)
                .or(() -> COMMON.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst());
    }

    /** An extension attribute by name. */
    Optional<AttributeDefinition> extensionAttribute(String name) {
        return extension == null ? Optional.empty() : extension.attribute(name);
    }

    boolean isCoreUrn(String urn) {
        return core.id().equalsIgnoreCase(urn);
    }

    boolean isExtensionUrn(String urn) {
        return extension != null && extension.id().equalsIgnoreCase(urn);
    }

    private static AttributeDefinition simple(String name, Mutability mutability, boolean caseExact, boolean multiValued) {
        return new AttributeDefinition(name, Type.STRING, multiValued, false, caseExact, mutability, Returned.DEFAULT,
                Uniqueness.NONE, List.of(), List.of(), List.of(), "");
    }

    private static AttributeDefinition dateTime(String name) {
        return new AttributeDefinition(name, Type.DATE_TIME, false, false, false, Mutability.READ_ONLY, Returned.DEFAULT,
                Uniqueness.NONE, List.of(), List.of(), List.of(), "");
    }
}
