package org.scimbridge.mapping.filter;

import java.util.Objects;

import org.scimbridge.mapping.ScimException;

/**
 * An attribute path as in RFC 7644 section 3.10: {@code [URI ":"] ATTRNAME *1subAttr}, shared by filters, PATCH paths
 * and the {@code attributes}/{@code excludedAttributes} parameters.
 *
 * <p>Names are kept as the client wrote them; SCIM attribute names are case-insensitive (RFC 7643 section 2.1), so
 * compare paths with {@link #matches(AttributePath)}, not {@code equals}.
 *
 * @param schemaUrn    the schema URN the attribute is qualified with, or {@code null}
 * @param name         the attribute name
 * @param subAttribute the sub-attribute name, or {@code null}
 */
public record AttributePath(String schemaUrn, String name, String subAttribute) {

    /** Checks each part against the RFC 7643 section 2.1 ATTRNAME rule. */
    public AttributePath {
        if (schemaUrn != null && !AttributePathReader.isSchemaUrn(schemaUrn)) {
            throw new IllegalArgumentException("not a schema URN: " + schemaUrn);
        }
        if (!AttributePathReader.isAttributeName(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("not an attribute name: " + name);
        }
        if (subAttribute != null && !AttributePathReader.isAttributeName(subAttribute)) {
            throw new IllegalArgumentException("not a sub-attribute name: " + subAttribute);
        }
    }

    /**
     * Parses {@code name}, {@code name.sub} or a URN-qualified form such as
     * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}; the URN is everything up to the
     * last {@code ':'}. Surrounding whitespace is ignored.
     *
     * @throws ScimException 400 invalidPath naming the position of the first error
     */
    public static AttributePath parse(String text) {
        FilterCursor cursor = FilterCursor.of(text, ScimException::invalidPath);
        cursor.skipWhitespace();
        AttributePath path = AttributePathReader.read(cursor);
        cursor.skipWhitespace();
        if (!cursor.atEnd()) {
            throw cursor.error("expected the end of the attribute path", cursor.position());
        }
        return path;
    }

    /** The name without the schema URN, with the sub-attribute if any: {@code name.familyName}. */
    public String fullName() {
        return subAttribute == null ? name : name + "." + subAttribute;
    }

    /** Whether the path has a sub-attribute. */
    public boolean hasSubAttribute() {
        return subAttribute != null;
    }

    /**
     * Case-insensitive comparison of all three parts (RFC 7643 section 2.1). A path without URN matches only a path
     * without URN; resolving the default schema needs the schema and is not done here.
     */
    public boolean matches(AttributePath other) {
        return other != null
                && equalsIgnoreCase(schemaUrn, other.schemaUrn)
                && name.equalsIgnoreCase(other.name)
                && equalsIgnoreCase(subAttribute, other.subAttribute);
    }

    /** The canonical text, {@code urn:...:User:name.familyName} or {@code name.familyName}. */
    @Override
    public String toString() {
        return schemaUrn == null ? fullName() : schemaUrn + ":" + fullName();
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
