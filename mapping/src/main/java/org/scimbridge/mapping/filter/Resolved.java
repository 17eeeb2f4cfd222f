package org.scimbridge.mapping.filter;

import java.util.List;

import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/** What an attribute path in a filter stands for under the mapping. */
sealed interface Resolved {

    /** The resource's id attribute. */
    record Id() implements Resolved {
    }

    /** {@code active}, stored by the mapping's lifecycle strategy. */
    record Active() implements Resolved {
    }

    /** A value the mapping fixes, such as an element's type or {@code meta.resourceType}. */
    record Constant(String value) implements Resolved {
    }

    /** {@code meta.lastModified}: the modify timestamp where present, else the create timestamp. */
    record LastModified(String modified, String created) implements Resolved {
    }

    /**
     * LDAP attributes any of which may hold the value; empty when this element type does not store the sub-attribute.
     *
     * @param type the SCIM type of the values, for the assertion syntax
     * @param kind whether values are references to resolve into DNs
     */
    record Attributes(List<String> names, Type type, Kind kind) implements Resolved {
        public Attributes {
            names = List.copyOf(names);
        }
    }
}
