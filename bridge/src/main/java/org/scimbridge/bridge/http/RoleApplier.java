package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ResourceMapping.MemberValues;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.roles.GroupRef;
import org.scimbridge.mapping.roles.RolePlan;
import org.scimbridge.mapping.roles.RoleRules;

/**
 * Materialises group-to-role rules in the directory for the users a change affects, and only for them: a member
 * added to or removed from a group the rules name, every member of such a group when it is renamed or deleted. Each
 * user's plan (attribute values, role group memberships) is computed by {@link RoleRules}, which touches only grants
 * its rules can make, so values set by hand survive.
 */
final class RoleApplier {

    private final LdapDirectory directory;
    private final ResourceMapping users;
    private final ResourceMapping groups;
    private final RoleRules rules;
    private final Filter groupClass;
    private final String displayAttribute;
    private final Optional<String> externalIdAttribute;

    RoleApplier(LdapDirectory directory, ResourceMapping users, ResourceMapping groups, RoleRules rules) {
        this.directory = directory;
        this.users = users;
        this.groups = groups;
        this.rules = rules;
        this.groupClass = new LdapFilterTranslator(groups).objectClassFilter();
        this.displayAttribute = groups.ldapAttributeFor("displayName").orElse(groups.rdnAttribute());
        this.externalIdAttribute = groups.ldapAttributeFor("externalId");
    }

    boolean active() {
        return !rules.isEmpty();
    }

    /** The LDAP attributes a group must be read with to be matched against the rules. */
    String[] groupAttributes() {
        List<String> attributes = new ArrayList<>(List.of(displayAttribute));
        externalIdAttribute.ifPresent(attributes::add);
        return attributes.toArray(String[]::new);
    }

    /** The user attributes role rules write values of. */
    Set<String> grantedAttributes() {
        return rules.grantedAttributes();
    }

    GroupRef refOf(Entry group) {
        return new GroupRef(ResourceLookup.parsedDn(group), String.valueOf(group.getAttributeValue(displayAttribute)),
                externalIdAttribute.map(group::getAttributeValue));
    }

    boolean affects(GroupRef group) {
        return active() && rules.affectedBy(group);
    }

    /** The role names of a user in these groups, for its read-only {@code roles}. */
    Set<String> rolesFor(Collection<GroupRef> userGroups) {
        return rules.rolesFor(userGroups);
    }

    /** Recomputes and writes the grants of each user (by DN, or by naming value for memberUid groups). */
    void recompute(Collection<String> memberValues) {
        if (!active()) {
            return;
        }
        for (DN user : userDns(memberValues)) {
            Optional<SearchResultEntry> entry = directory.read(user, rules.grantedAttributes().toArray(String[]::new));
            if (entry.isEmpty()) {
                continue; // deleted meanwhile: nothing to grant
            }
            String naming = directory.read(user, users.rdnAttribute()).map(e -> e.getAttributeValue(users.rdnAttribute())).orElse("");
            Map<DN, Boolean> inRoleGroups = new HashMap<>();
            for (DN roleGroup : rules.roleGroups()) {
                inRoleGroups.put(roleGroup, directory.holds(roleGroup, rules.memberAttribute(roleGroup), user.toString()));
            }
            RolePlan plan = rules.plan(user, entry.get(), groupsOf(user, naming), inRoleGroups);
            if (!plan.userModifications().isEmpty()) {
                directory.modify(user, plan.userModifications(), Optional.empty(), true);
            }
            for (Map.Entry<DN, Modification> change : plan.roleGroupModifications().entrySet()) {
                directory.modify(change.getKey(), List.of(change.getValue()), Optional.empty(), true);
            }
        }
    }

    /** The SCIM groups naming this user, as rules see them: one search. */
    List<GroupRef> groupsOf(DN user, String namingValue) {
        var options = groups.groupOptions().orElseThrow();
        String value = options.values() == MemberValues.NAME ? namingValue : user.toString();
        Filter filter = Filter.createANDFilter(groupClass, Filter.createEqualityFilter(options.memberAttribute(), value));
        List<GroupRef> refs = new ArrayList<>();
        for (SearchResultEntry group : directory.search(groups.base(), groups.scope(), filter, 10_000, groupAttributes())) {
            refs.add(refOf(group));
        }
        return refs;
    }

    private Set<DN> userDns(Collection<String> memberValues) {
        Set<DN> dns = new LinkedHashSet<>();
        var options = groups.groupOptions().orElseThrow();
        for (String value : memberValues) {
            if (options.values() == MemberValues.NAME) {
                directory.findOne(users.base(), users.scope(), Filter.createEqualityFilter(users.rdnAttribute(), value), "1.1")
                        .ifPresent(e -> dns.add(ResourceLookup.parsedDn(e)));
                continue;
            }
            try {
                DN dn = new DN(value);
                if (dn.isDescendantOf(users.base(), false)) {
                    dns.add(dn);
                }
            } catch (com.unboundid.ldap.sdk.LDAPException e) {
                // not a DN (a placeholder of another syntax): no user to recompute
            }
        }
        return dns;
    }
}
