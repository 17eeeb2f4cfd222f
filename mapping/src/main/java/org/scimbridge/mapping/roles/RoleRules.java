package org.scimbridge.mapping.roles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.CaseIgnoreStringMatchingRule;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

/**
 * The configured group-to-role rules, and the pure computation of what a user's groups mean for the directory.
 *
 * <p>The rules own exactly the values they can grant: a value of a granted attribute that some rule grants is added
 * and removed as the user's groups change; any other value (set by hand, by another tool) is never touched. The same
 * holds for role groups: only the user's own DN in a role group some rule names is ever added or removed.
 */
public final class RoleRules {

    private static final RoleRules NONE = new RoleRules(List.of());

    private final List<RoleRule> rules;
    /** Granted attributes, keyed by lower-case name (LDAP attribute names ignore case), spelt as first configured. */
    private final Map<String, String> attributes = new LinkedHashMap<>();
    /** Role groups in rule order, each with its member attribute. */
    private final Map<DN, String> roleGroups = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException when two rules name the same role group with different member attributes
     */
    public RoleRules(List<RoleRule> rules) {
        this.rules = List.copyOf(rules);
        for (RoleRule rule : this.rules) {
            rule.attribute().ifPresent(a -> attributes.putIfAbsent(a.attribute().toLowerCase(Locale.ROOT), a.attribute()));
            rule.group().ifPresent(g -> {
                String previous = roleGroups.putIfAbsent(g.group(), g.memberAttribute());
                if (previous != null && !previous.equalsIgnoreCase(g.memberAttribute())) {
                    throw new IllegalArgumentException("role group " + g.group() + " is granted through both " + previous
                            + " and " + g.memberAttribute());
                }
            });
        }
    }

    /** No rules: nobody has roles, nothing is ever planned. */
    public static RoleRules none() {
        return NONE;
    }

    public List<RoleRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The role names a member of {@code groups} holds, in rule order, each once. */
    public Set<String> rolesFor(Collection<GroupRef> groups) {
        Set<String> roles = new LinkedHashSet<>();
        for (RoleRule rule : applying(groups)) {
            roles.add(rule.name());
        }
        return Collections.unmodifiableSet(roles);
    }

    /**
     * Whether some rule selects {@code group}: a membership change, rename or delete of such a group changes its
     * members' roles and calls for {@link #plan}. For a rename, ask for the old and the new form.
     */
    public boolean affectedBy(GroupRef group) {
        return rules.stream().anyMatch(rule -> rule.when().matches(group));
    }

    /** The user attributes some rule grants values of; {@link #plan} needs them read on the user entry. */
    public Set<String> grantedAttributes() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(attributes.values()));
    }

    /** The role groups some rule puts members in; {@link #plan} needs to know whether the user is in each. */
    public Set<DN> roleGroups() {
        return Collections.unmodifiableSet(roleGroups.keySet());
    }

    /**
     * The attribute holding the members of {@code roleGroup}.
     *
     * @throws IllegalArgumentException when no rule names the group
     */
    public String memberAttribute(DN roleGroup) {
        String attribute = roleGroups.get(roleGroup);
        if (attribute == null) {
            throw new IllegalArgumentException(roleGroup + " is not a role group of any rule");
        }
        return attribute;
    }

    /**
     * The smallest set of value-level changes after which the user holds exactly the grants of the rules matching
     * {@code groups}, leaving every value no rule grants as it is.
     *
     * @param userDn              the user's DN, the value written to role groups
     * @param userEntry           the user entry with at least the {@link #grantedAttributes()} read; an attribute the
     *                            entry lacks counts as having no values
     * @param groups              every SCIM group the user is now a member of
     * @param roleGroupMembership for every one of {@link #roleGroups()}, whether the user is currently a member
     * @throws IllegalArgumentException when the membership of a role group is not given
     */
    public RolePlan plan(DN userDn, Entry userEntry, Collection<GroupRef> groups, Map<DN, Boolean> roleGroupMembership) {
        Objects.requireNonNull(userDn, "userDn");
        Objects.requireNonNull(userEntry, "userEntry");
        List<RoleRule> applying = applying(groups);
        List<Modification> userModifications = new ArrayList<>();
        for (String attribute : attributes.values()) {
            userModifications.addAll(attributeChanges(attribute, userEntry.getAttribute(attribute), applying));
        }
        Map<DN, Modification> groupModifications = new LinkedHashMap<>();
        roleGroups.forEach((roleGroup, memberAttribute) -> {
            Boolean member = roleGroupMembership.get(roleGroup);
            if (member == null) {
                throw new IllegalArgumentException("whether " + userDn + " is a member of role group " + roleGroup
                        + " is not given");
            }
            boolean wanted = applying.stream()
                    .anyMatch(rule -> rule.group().filter(g -> g.group().equals(roleGroup)).isPresent());
            if (wanted != member) {
                groupModifications.put(roleGroup, new Modification(wanted ? ModificationType.ADD : ModificationType.DELETE,
                        memberAttribute, userDn.toString()));
            }
        });
        return userModifications.isEmpty() && groupModifications.isEmpty() ? RolePlan.EMPTY
                : new RolePlan(userModifications, groupModifications);
    }

    private List<RoleRule> applying(Collection<GroupRef> groups) {
        return rules.stream().filter(rule -> groups.stream().anyMatch(rule.when()::matches)).toList();
    }

    /**
     * DELETE of present values that some rule grants but none of the applying ones, then ADD of granted values not
     * present. Values compare with the attribute's matching rule (caseIgnoreMatch for an entry read without schema, as
     * for employeeType), so "Developer" in the directory is the "developer" a rule grants and is not added twice.
     */
    private List<Modification> attributeChanges(String attribute, Attribute current, List<RoleRule> applying) {
        MatchingRule matching = current == null ? CaseIgnoreStringMatchingRule.getInstance() : current.getMatchingRule();
        List<String> present = current == null ? List.of() : List.of(current.getValues());
        List<String> grantable = grantedValues(attribute, rules, matching);
        List<String> wanted = grantedValues(attribute, applying, matching);
        List<String> delete = present.stream()
                .filter(value -> contains(grantable, value, matching) && !contains(wanted, value, matching)).toList();
        List<String> add = wanted.stream().filter(value -> !contains(present, value, matching)).toList();
        List<Modification> changes = new ArrayList<>(2);
        if (!delete.isEmpty()) {
            changes.add(new Modification(ModificationType.DELETE, attribute, delete.toArray(String[]::new)));
        }
        if (!add.isEmpty()) {
            changes.add(new Modification(ModificationType.ADD, attribute, add.toArray(String[]::new)));
        }
        return changes;
    }

    private static List<String> grantedValues(String attribute, List<RoleRule> from, MatchingRule matching) {
        List<String> values = new ArrayList<>();
        for (RoleRule rule : from) {
            rule.attribute().filter(grant -> grant.attribute().equalsIgnoreCase(attribute))
                    .filter(grant -> !contains(values, grant.value(), matching))
                    .ifPresent(grant -> values.add(grant.value()));
        }
        return values;
    }

    private static boolean contains(List<String> values, String value, MatchingRule matching) {
        return values.stream().anyMatch(candidate -> sameValue(candidate, value, matching));
    }

    private static boolean sameValue(String a, String b, MatchingRule matching) {
        try {
            return matching.valuesMatch(new ASN1OctetString(a), new ASN1OctetString(b));
        } catch (LDAPException e) {
            // A value the matching rule cannot normalise (not valid for its syntax) only equals itself.
            return a.equals(b);
        }
    }

    @Override
    public String toString() {
        return "RoleRules" + rules;
    }
}
