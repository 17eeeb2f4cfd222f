package org.scimbridge.mapping.roles;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

/**
 * The writes that bring one user's role grants in line with the rules, as computed by {@link RoleRules#plan}. Every
 * modification is value-level (ADD or DELETE of named values), never a REPLACE, so values the rules do not own are
 * left alone and a role group's member list is never read or rewritten (ARCHITECTURE.md section 2, membership fast
 * path).
 *
 * @param userModifications      modifications of the user entry, in rule order; empty when nothing changes
 * @param roleGroupModifications per role group, the ADD or DELETE of the user's DN in its member attribute
 */
public record RolePlan(List<Modification> userModifications, Map<DN, Modification> roleGroupModifications) {

    /** A plan that changes nothing. */
    public static final RolePlan EMPTY = new RolePlan(List.of(), Map.of());

    /** Copies both components; the group map keeps its iteration order. */
    public RolePlan {
        userModifications = List.copyOf(userModifications);
        roleGroupModifications = Collections.unmodifiableMap(new LinkedHashMap<>(roleGroupModifications));
    }

    /** Per changed role group: {@code true} to add the user as a member, {@code false} to remove it. */
    public Map<DN, Boolean> roleGroupChanges() {
        Map<DN, Boolean> changes = new LinkedHashMap<>();
        roleGroupModifications.forEach((group, modification) ->
                changes.put(group, modification.getModificationType() == ModificationType.ADD));
        return Collections.unmodifiableMap(changes);
    }

    /** Whether the user's grants are already as the rules say: nothing to write. */
    public boolean isEmpty() {
        return userModifications.isEmpty() && roleGroupModifications.isEmpty();
    }
}
