package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.List;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.roles.RoleRule;

/**
 * One place the mapping names an LDAP attribute.
 *
 * @param subject   the configuration key, e.g. {@code users.attributes.title}, {@code groups.membership.attribute}
 * @param attribute the attribute description as configured (it may carry options such as {@code ;lang-en})
 * @param written   whether the bridge writes it on the resource's own entries, so their object classes must allow it
 */
record AttributeUse(String subject, String attribute, boolean written) {

    /** The attribute type's name or OID without options: {@code description;lang-en} is {@code description}. */
    String typeName() {
        int semicolon = attribute.indexOf(';');
        return semicolon < 0 ? attribute : attribute.substring(0, semicolon);
    }

    /** Every LDAP attribute {@code mapping} names, rules first, under the configuration key {@code prefix}. */
    static List<AttributeUse> of(String prefix, ResourceMapping mapping) {
        List<AttributeUse> uses = new ArrayList<>();
        for (AttributeRule rule : mapping.rules()) {
            uses.add(new AttributeUse(prefix + ".attributes." + rule.target(), rule.ldapAttribute(), true));
        }
        uses.add(new AttributeUse(prefix + ".rdn", mapping.rdnAttribute(), true));
        mapping.required().keySet().forEach(a -> uses.add(new AttributeUse(prefix + ".required." + a, a, true)));
        uses.add(new AttributeUse(prefix + ".id", mapping.idAttribute(), false));
        uses.add(new AttributeUse(prefix + ".version", mapping.versionAttribute(), false));
        uses.add(new AttributeUse(prefix + ".created", mapping.createdAttribute(), false));
        uses.add(new AttributeUse(prefix + ".lastModified", mapping.modifiedAttribute(), false));
        mapping.memberOfAttribute().ifPresent(a -> uses.add(new AttributeUse(prefix + ".memberOf", a, false)));
        mapping.groupOptions().ifPresent(g -> uses.add(
                new AttributeUse(prefix + ".membership.attribute", g.memberAttribute(), true)));
        return uses;
    }

    /**
     * The attributes role rules write: granted values on user entries (which the users' object classes must allow) and
     * member attributes of role groups (entries the mapping does not describe).
     */
    static List<AttributeUse> of(List<RoleRule> roles) {
        List<AttributeUse> uses = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            String prefix = "roles[" + i + "].grant.";
            RoleRule rule = roles.get(i);
            rule.attribute().ifPresent(a -> uses.add(new AttributeUse(prefix + "attribute", a.attribute(), true)));
            rule.group().ifPresent(g -> uses.add(new AttributeUse(prefix + "groupMemberAttribute", g.memberAttribute(), false)));
        }
        return uses;
    }
}
