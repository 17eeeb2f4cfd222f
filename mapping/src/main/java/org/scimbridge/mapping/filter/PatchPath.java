package org.scimbridge.mapping.filter;

import java.util.Objects;

/**
 * The target of a PATCH operation (RFC 7644 section 3.5.2: {@code PATH = attrPath / valuePath [subAttr]}), as parsed
 * by {@link FilterParser#parsePatchPath(String)}.
 *
 * @param attribute    the attribute, possibly URN-qualified; has a sub-attribute only when there is no value filter
 * @param valueFilter  the filter selecting values of a multi-valued attribute, or {@code null}
 * @param subAttribute the sub-attribute after {@code ]}, as in {@code emails[type eq "work"].value}, or {@code null}
 */
public record PatchPath(AttributePath attribute, ScimFilter valueFilter, String subAttribute) {

    /** Enforces the grammar: a sub-attribute after {@code ]} needs a value filter, and {@code a.b[...]} is not a path. */
    public PatchPath {
        Objects.requireNonNull(attribute, "attribute");
        if (subAttribute != null && valueFilter == null) {
            throw new IllegalArgumentException("a sub-attribute after ']' needs a value filter");
        }
        if (valueFilter != null && attribute.hasSubAttribute()) {
            throw new IllegalArgumentException("a value filter cannot follow a sub-attribute: " + attribute);
        }
        if (subAttribute != null && !AttributePathReader.isAttributeName(subAttribute)) {
            throw new IllegalArgumentException("not a sub-attribute name: " + subAttribute);
        }
    }

    /** The canonical text: {@code emails[type eq "work"].value}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(attribute.toString());
        if (valueFilter != null) {
            out.append('[').append(valueFilter).append(']');
        }
        if (subAttribute != null) {
            out.append('.').append(subAttribute);
        }
        return out.toString();
    }
}
