package org.scimbridge.mapping.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchScope;

/**
 * How one SCIM resource type lives in the directory: where its entries are, how they are named and identified, and the
 * attribute rules.
 *
 * @param resourceType      SCIM resource type name ("User", "Group")
 * @param base              subtree holding the entries
 * @param scope             ONE (entries directly below base) or SUB (anywhere below it)
 * @param objectClasses     object classes written on create; searches use the last, most specific one
 * @param rdnAttribute      LDAP attribute forming the RDN of new entries; must be the LDAP side of a rule
 * @param idAttribute       attribute whose value is the SCIM {@code id}; entryUUID survives renames
 * @param idSyntax          what a well-formed id looks like, so a malformed one is a 404 without a directory round trip
 * @param versionAttribute  source of {@code meta.version} and the ETag
 * @param createdAttribute  source of {@code meta.created}
 * @param modifiedAttribute source of {@code meta.lastModified}
 * @param rules             attribute rules in file order
 * @param required          LDAP attributes the object classes require, each with the SCIM paths that may fill it
 * @param memberOfAttribute users only: the attribute in which the directory keeps the DNs of a user's groups
 *                          (memberOf, isMemberOf), when it keeps one
 * @param groupOptions      group-only settings; empty for users
 * @param lifecycle         users only: how active, DELETE and passwords work
 */
public record ResourceMapping(String resourceType, DN base, SearchScope scope, List<String> objectClasses,
                              String rdnAttribute, String idAttribute, IdSyntax idSyntax, String versionAttribute,
                              String createdAttribute, String modifiedAttribute, List<AttributeRule> rules,
                              Map<String, List<ValueSource>> required, Optional<String> memberOfAttribute,
                              Optional<GroupOptions> groupOptions, Lifecycle lifecycle) {

    /** Accepted shapes of an id. */
    public enum IdSyntax {
        /** RFC 4122 text form, as entryUUID (RFC 4530), nsUniqueId reformatted, or objectGUID in canonical form. */
        UUID,
        /** Anything non-empty. */
        ANY,
        /** Active Directory's binary objectGUID, shown and accepted in the RFC 4122 text form. */
        GUID;

        /** Whether {@code id} can be an id at all; one that cannot is answered without asking the directory. */
        public boolean accepts(String id) {
            if (id == null || id.isEmpty()) {
                return false;
            }
            if (this == ANY) {
                return true;
            }
            if (id.length() != 36) { // UUID and GUID share the text form
                return false;
            }
            try {
                java.util.UUID.fromString(id); // qualified: IdSyntax.UUID shadows the class
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /**
     * How a group holds its members.
     *
     * @param memberAttribute attribute holding one value per member: member, uniqueMember, memberUid
     * @param values          what a value is: the member's DN, or (posixGroup's memberUid) the user's naming value
     * @param placeholder     a value written when a group must not be empty (groupOfNames requires a member) and
     *                        never shown as a member; empty when the object class allows empty groups
     * @param chunkSize       most member values one LDAP modify carries; larger changes are split (AD refuses big
     *                        modifies with adminLimitExceeded)
     * @param rangedReads     read the member attribute in ranges ({@code member;range=0-1499}), as Active Directory
     *                        returns large groups; without it a large AD group reads as empty
     */
    public record GroupOptions(String memberAttribute, MemberValues values, Optional<String> placeholder, int chunkSize,
                               boolean rangedReads) {

        /** Shorthand: DN members, no placeholder, chunks of 500, no ranged reads. */
        public GroupOptions(String memberAttribute) {
            this(memberAttribute, memberAttribute.equalsIgnoreCase("memberUid") ? MemberValues.NAME : MemberValues.DN,
                    Optional.empty(), 500, false);
        }
    }

    /** The kind of value in a group's member attribute. */
    public enum MemberValues {
        /** The member's DN (member, uniqueMember). */
        DN,
        /** The user's naming attribute value, e.g. uid (posixGroup memberUid, RFC 2307). */
        NAME
    }

    public ResourceMapping {
        objectClasses = List.copyOf(objectClasses);
        rules = List.copyOf(rules);
        required = Map.copyOf(required);
    }

    /** A copy taking {@code meta.version} from another attribute (for directories without the configured one). */
    public ResourceMapping withVersionAttribute(String attribute) {
        return new ResourceMapping(resourceType, base, scope, objectClasses, rdnAttribute, idAttribute, idSyntax, attribute,
                createdAttribute, modifiedAttribute, rules, required, memberOfAttribute, groupOptions, lifecycle);
    }

    /** The rule whose SCIM side is {@code target}, compared case-insensitively. */
    public Optional<AttributeRule> rule(ScimTarget target) {
        String key = target.lowerKey();
        return rules.stream().filter(r -> r.target().lowerKey().equals(key)).findFirst();
    }

    /** The LDAP attribute a simple core attribute (such as displayName) maps to, if it is mapped. */
    public Optional<String> ldapAttributeFor(String scimAttribute) {
        return rules.stream().filter(r -> r.target().subAttribute() == null && r.target().type() == null
                && r.target().attribute().equalsIgnoreCase(scimAttribute)).map(AttributeRule::ldapAttribute).findFirst();
    }

    /** Every LDAP attribute the rules read or write, for search attribute lists and {@code Entry.diff}. */
    public List<String> mappedLdapAttributes() {
        return rules.stream().map(AttributeRule::ldapAttribute).distinct().toList();
    }
}
