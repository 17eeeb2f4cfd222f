package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.Modification;

import org.scimbridge.mapping.patch.PatchOperation;

/**
 * The member part of a group PATCH, as value-level modifications in the operations' order (LDAP applies the
 * modifications of one modify in order, so "remove all, then add X" keeps its meaning), and which operations it took.
 *
 * @param modifications   member adds, deletes and replaces
 * @param handled         indexes of the operations fully turned into {@code modifications}
 * @param rewritten       operations that also carried non-member parts (path-less values), without their members
 */
record MemberChanges(List<Modification> modifications, Set<Integer> handled, List<PatchOperation> rewritten) {

    static final MemberChanges NONE = new MemberChanges(List.of(), Set.of(), List.of());

    MemberChanges {
        modifications = List.copyOf(modifications);
        handled = Set.copyOf(handled);
        rewritten = List.copyOf(rewritten);
    }

    /** The operations left for the JSON patch applier: everything but the members. */
    List<PatchOperation> otherOperations(List<PatchOperation> operations) {
        List<PatchOperation> others = new ArrayList<>();
        for (PatchOperation operation : operations) {
            PatchOperation replacement = rewritten.stream().filter(r -> r.index() == operation.index()).findFirst().orElse(null);
            if (replacement != null) {
                others.add(replacement);
            } else if (!handled.contains(operation.index())) {
                others.add(operation);
            }
        }
        return others;
    }
}
