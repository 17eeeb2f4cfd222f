package org.scimbridge.mapping.roles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.YamlNode;

/**
 * Reads the top-level {@code roles:} list of a mapping file. Like the rest of the mapping, every mistake stops start-up
 * naming the file and the key ({@code roles[1].when}), and the rules are checked against the user and group mapping
 * so that SCIM writes and role grants never fight over the same values.
 */
public final class RoleRulesLoader {

    /** LDAP attribute descriptions (RFC 4512 section 2.5), as {@code MappingLoader} accepts them. */
    private static final Pattern LDAP_ATTRIBUTE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+)(;[A-Za-z0-9-]+)*");
    private static final Set<String> RULE_KEYS = Set.of("name", "when", "grant");
    private static final List<String> MATCHER_KEYS = List.of("displayName", "externalId", "dn");
    private static final Set<String> GRANT_KEYS = Set.of("attribute", "value", "group", "groupMemberAttribute");

    private RoleRulesLoader() {
    }

    /**
     * The rules in file order; none when {@code roles} is absent.
     *
     * @param source the file, for messages
     * @param roles  the value of the top-level {@code roles} key, or {@code null}
     * @param users  the loaded user mapping: a granted attribute must not be one SCIM writes
     * @param groups the loaded group mapping: a role group must not be a SCIM group
     * @throws org.scimbridge.mapping.config.ConfigException naming the file, key and reason
     */
    public static List<RoleRule> load(String source, JsonNode roles, ResourceMapping users, Optional<ResourceMapping> groups) {
        YamlNode list = new YamlNode(source, "roles", roles);
        if (list.isMissing()) {
            return List.of();
        }
        if (!roles.isArray()) {
            throw list.error("must be a list of role rules (- name: ..., when: ..., grant: ...)");
        }
        List<RoleRule> rules = new ArrayList<>();
        Map<DN, String> memberAttributes = new HashMap<>();
        for (int i = 0; i < roles.size(); i++) {
            YamlNode node = new YamlNode(source, "roles[" + i + "]", roles.get(i));
            RoleRule rule = rule(node, users, groups);
            rule.group().ifPresent(grant -> {
                String previous = memberAttributes.putIfAbsent(grant.group(), grant.memberAttribute());
                if (previous != null && !previous.equalsIgnoreCase(grant.memberAttribute())) {
                    throw node.get("grant").get("groupMemberAttribute").error("role group " + grant.group()
                            + " is already granted through '" + previous + "' by an earlier rule; one role group has one"
                            + " member attribute");
                }
            });
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    private static RoleRule rule(YamlNode node, ResourceMapping users, Optional<ResourceMapping> groups) {
        if (!node.isObject()) {
            throw node.error("must be a map with name, when and grant");
        }
        node.rejectUnknownKeys(RULE_KEYS);
        String name = node.get("name").text();
        GroupMatcher when = matcher(node.get("when"));
        YamlNode grant = node.get("grant");
        if (!grant.isObject()) {
            throw grant.error(grant.isMissing() ? "is required" : "must be a map");
        }
        grant.rejectUnknownKeys(GRANT_KEYS);
        Optional<AttributeGrant> attribute = attributeGrant(grant, users);
        Optional<GroupGrant> group = groupGrant(grant, groups);
        if (attribute.isEmpty() && group.isEmpty()) {
            throw grant.error("grants nothing: give attribute and value (a value on the user), group (a role group), or both");
        }
        return new RoleRule(name, when, attribute, group);
    }

    private static GroupMatcher matcher(YamlNode when) {
        if (!when.isObject()) {
            throw when.error((when.isMissing() ? "is required: " : "must be a map with ") + "one of " + MATCHER_KEYS);
        }
        when.rejectUnknownKeys(Set.copyOf(MATCHER_KEYS));
        List<String> given = MATCHER_KEYS.stream().filter(key -> !when.get(key).isMissing()).toList();
        if (given.size() != 1) {
            throw when.error("must have exactly one of " + MATCHER_KEYS + ", not " + (given.isEmpty() ? "none" : given));
        }
        YamlNode criterion = when.get(given.get(0));
        return switch (given.get(0)) {
            case "displayName" -> GroupMatcher.displayName(criterion.text());
            case "externalId" -> GroupMatcher.externalId(criterion.text());
            default -> {
                try {
                    yield GroupMatcher.dn(criterion.text());
                } catch (PatternSyntaxException e) {
                    throw criterion.error("is not a valid regular expression: " + e.getDescription() + " near index "
                            + e.getIndex());
                }
            }
        };
    }

    private static Optional<AttributeGrant> attributeGrant(YamlNode grant, ResourceMapping users) {
        YamlNode attributeNode = grant.get("attribute");
        YamlNode valueNode = grant.get("value");
        if (attributeNode.isMissing() && valueNode.isMissing()) {
            return Optional.empty();
        }
        if (valueNode.isMissing()) {
            throw valueNode.error("is required with grant.attribute: the value the rule grants");
        }
        if (attributeNode.isMissing()) {
            throw attributeNode.error("is required with grant.value: the user attribute that holds it");
        }
        String attribute = ldapName(attributeNode);
        // A mapped attribute is rewritten by every SCIM PUT (RFC 7644 section 3.5.1), which would wipe role values
        // until the next membership change; an attribute filled from `required` is the IdP's too.
        for (AttributeRule rule : users.rules()) {
            if (rule.ldapAttribute().equalsIgnoreCase(attribute)) {
                throw attributeNode.error("'" + attribute + "' is mapped from SCIM '" + rule.target()
                        + "' in users.attributes, so IdP writes would overwrite role values; grant roles in an attribute"
                        + " the mapping does not map");
            }
        }
        if (users.required().keySet().stream().anyMatch(attribute::equalsIgnoreCase)
                || users.memberOfAttribute().filter(attribute::equalsIgnoreCase).isPresent()) {
            throw attributeNode.error("'" + attribute + "' is managed by the user mapping (users.required or"
                    + " users.memberOf); grant roles in an attribute of their own");
        }
        return Optional.of(new AttributeGrant(attribute, valueNode.text()));
    }

    private static Optional<GroupGrant> groupGrant(YamlNode grant, Optional<ResourceMapping> groups) {
        YamlNode groupNode = grant.get("group");
        YamlNode memberNode = grant.get("groupMemberAttribute");
        if (groupNode.isMissing()) {
            if (!memberNode.isMissing()) {
                throw memberNode.error("is only meaningful with grant.group");
            }
            return Optional.empty();
        }
        DN group;
        try {
            group = new DN(groupNode.text());
        } catch (LDAPException e) {
            throw groupNode.error("is not a valid DN: " + e.getExceptionMessage());
        }
        if (group.isNullDN()) {
            throw groupNode.error("must not be the empty DN");
        }
        if (groups.isPresent() && isScimGroup(group, groups.get())) {
            throw groupNode.error("lies in the SCIM groups subtree (groups.base), where the IdP manages members and would"
                    + " undo role grants; keep role groups apart, e.g. below ou=roles");
        }
        String memberAttribute = memberNode.isMissing() ? GroupGrant.DEFAULT_MEMBER_ATTRIBUTE : ldapName(memberNode);
        if (memberAttribute.equalsIgnoreCase("memberUid")) {
            // posixGroup's memberUid holds user names (RFC 2307), but role grants write the user's DN.
            throw memberNode.error("must hold member DNs (member, uniqueMember); memberUid holds user names");
        }
        return Optional.of(new GroupGrant(group, memberAttribute));
    }

    private static boolean isScimGroup(DN dn, ResourceMapping groups) {
        return groups.scope() == SearchScope.ONE ? groups.base().equals(dn.getParent())
                : dn.isDescendantOf(groups.base(), false);
    }

    private static String ldapName(YamlNode node) {
        String name = node.text();
        if (!LDAP_ATTRIBUTE.matcher(name).matches()) {
            throw node.error("'" + name + "' is not a valid LDAP attribute name");
        }
        return name;
    }
}
