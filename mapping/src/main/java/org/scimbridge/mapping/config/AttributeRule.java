package org.scimbridge.mapping.config;

import org.scimbridge.mapping.schema.AttributeDefinition;

/**
 * One mapping rule: a SCIM target and the LDAP attribute that stores it.
 *
 * @param target     the SCIM side
 * @param ldapAttribute the LDAP attribute name, as the directory spells it
 * @param definition the SCIM definition of the leaf (sub-)attribute, for its type and caseExact
 * @param kind       how values convert between the two sides
 */
public record AttributeRule(ScimTarget target, String ldapAttribute, AttributeDefinition definition, Kind kind) {

    /** Value conversions. */
    public enum Kind {
        /** The LDAP value is the SCIM string. */
        STRING,
        /** The LDAP value is a DN of a mapped user; SCIM shows that user's id (enterprise {@code manager}, RFC 7643 4.3). */
        USER_REFERENCE,
        /** The LDAP value is a DN of a mapped group (a user's memberOf). */
        GROUP_REFERENCE,
        /** The LDAP value is a DN of a mapped user or group (a group's member). */
        MEMBER_REFERENCE
    }
}
