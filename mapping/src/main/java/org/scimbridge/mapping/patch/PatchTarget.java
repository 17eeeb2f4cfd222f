package org.scimbridge.mapping.patch;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.filter.PatchPath;
import org.scimbridge.mapping.filter.ScimFilter;
import org.scimbridge.mapping.patch.PatchOperation.Op;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Mutability;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.ScimSchema;

/** What a PATCH path stands for once resolved against the schemas: the whole extension object, or one attribute. */
sealed interface PatchTarget {

    /** The path is an extension schema URN itself: the value holds that extension's attributes. */
    record Extension(ScimSchema schema) implements PatchTarget {
    }

    /**
     * An attribute, narrowed by a value filter and/or a sub-attribute.
     *
     * @param extension  the extension schema holding the attribute, or {@code null} for core and common attributes
     * @param definition the attribute
     * @param filter     the value filter of {@code emails[type eq "work"]}, or {@code null}
     * @param sub        the sub-attribute of {@code name.familyName} or {@code emails[...].value}, or {@code null}
     */
    record Attribute(ScimSchema extension, AttributeDefinition definition, ScimFilter filter, AttributeDefinition sub)
            implements PatchTarget {

        /** The canonical top-level name used for change tracking: {@code emails} or {@code urn:...:User:department}. */
        String changeKey() {
            return extension == null ? definition.name() : extension.id() + ":" + definition.name();
        }

        /** The canonical path text for error details. */
        String label() {
            String text = changeKey() + (filter == null ? "" : "[" + filter + "]");
            return sub == null ? text : text + "." + sub.name();
        }

        /** Neither a filter nor a sub-attribute: the attribute with all its values. */
        boolean whole() {
            return filter == null && sub == null;
        }

        /**
         * RFC 7643 section 7: readOnly attributes "SHALL NOT be modified"; immutable ones may be set when a value is
         * created but "SHALL NOT be updated", so only {@code add} may name an immutable sub-attribute.
         *
         * @throws ScimException 400 mutability
         */
        void checkWritable(Op op) {
            if (definition.isReadOnly()) {
                throw ScimException.mutability("'" + definition.name() + "' is read-only and cannot be changed by "
                        + op.keyword());
            }
            if (definition.mutability() == Mutability.IMMUTABLE && op != Op.ADD) {
                throw ScimException.mutability("'" + definition.name() + "' is immutable: it is set when created and cannot"
                        + " be changed by " + op.keyword());
            }
            if (sub != null && sub.isReadOnly()) {
                throw ScimException.mutability("'" + label() + "' is read-only and cannot be changed by " + op.keyword());
            }
            if (sub != null && sub.mutability() == Mutability.IMMUTABLE && op != Op.ADD) {
                throw ScimException.mutability("'" + label() + "' is immutable: it is set when a value is added and cannot"
                        + " be changed by " + op.keyword());
            }
        }
    }

    /**
     * Resolves a parsed path. Unqualified names are core or common attributes (RFC 7644 section 3.10: the URN may be
     * omitted for the core schema); extension attributes need their URN.
     *
     * @throws ScimException 400 invalidPath for an unknown schema, attribute or sub-attribute, or a shape the attribute
     *                       does not allow (a filter on a single-valued attribute, a sub-attribute of a simple one)
     */
    static PatchTarget resolve(PatchPath path, ResourceSchemas schemas) {
        AttributePath attribute = path.attribute();
        String urn = attribute.schemaUrn();
        if (urn != null && path.valueFilter() == null && !attribute.hasSubAttribute()
                && schemas.isExtensionUrn(urn + ":" + attribute.name())) {
            return new Extension(schemas.extension());
        }
        ScimSchema extension = null;
        AttributeDefinition definition;
        if (urn == null || schemas.isCoreUrn(urn)) {
            definition = schemas.coreAttribute(attribute.name()).orElseThrow(() -> unknown(attribute.name(), schemas.core()));
        } else if (schemas.isExtensionUrn(urn)) {
            extension = schemas.extension();
            definition = schemas.extensionAttribute(attribute.name())
                    .orElseThrow(() -> unknown(attribute.name(), schemas.extension()));
        } else {
            throw ScimException.invalidPath("'" + urn + "' is not a schema of this resource; expected " + schemas.core().id()
                    + (schemas.extension() == null ? "" : " or " + schemas.extension().id()));
        }
        String subName = path.valueFilter() == null ? attribute.subAttribute() : path.subAttribute();
        AttributeDefinition sub = subName == null ? null : subAttribute(definition, subName);
        if (path.valueFilter() != null) {
            if (!definition.multiValued()) {
                throw ScimException.invalidPath("'" + definition.name() + "' is single-valued; value filters select values of"
                        + " multi-valued attributes");
            }
            if (definition.type() != Type.COMPLEX) {
                throw ScimException.invalidPath("the values of '" + definition.name() + "' are simple; value filters select"
                        + " values of complex attributes");
            }
            ValueFilterMatcher.validate(path.valueFilter(), definition);
        } else if (sub != null && definition.multiValued()) {
            throw ScimException.invalidPath("'" + definition.name() + "' is multi-valued; select the values first, as in "
                    + definition.name() + "[type eq \"work\"]." + sub.name());
        }
        return new Attribute(extension, definition, path.valueFilter(), sub);
    }

    private static AttributeDefinition subAttribute(AttributeDefinition definition, String name) {
        if (definition.type() != Type.COMPLEX) {
            throw ScimException.invalidPath("'" + definition.name() + "' has no sub-attributes, so '" + definition.name()
                    + "." + name + "' does not exist");
        }
        return definition.subAttribute(name).orElseThrow(() -> ScimException.invalidPath(
                "'" + definition.name() + "' has no sub-attribute '" + name + "'"));
    }

    private static ScimException unknown(String name, ScimSchema schema) {
        return ScimException.invalidPath("no attribute '" + name + "' in schema " + schema.id());
    }
}
