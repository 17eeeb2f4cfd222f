package org.scimbridge.mapping.patch;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.SequencedSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of {@link PatchApplier#apply}: the patched copy of the resource and the attributes whose value differs
 * from before, for the audit record (ARCHITECTURE.md section 2, step 7: names of changed attributes, never values).
 *
 * @param resource          the patched resource, a new tree
 * @param changedAttributes canonical names of changed top-level attributes in the order the operations first touched
 *                          them: {@code emails}, {@code name}, and for extension attributes the URN-qualified name such
 *                          as {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}
 */
public record PatchResult(ObjectNode resource, SequencedSet<String> changedAttributes) {

    /** Copies the set, keeping its order. */
    public PatchResult {
        Objects.requireNonNull(resource, "resource");
        changedAttributes = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(changedAttributes));
    }

    /** Whether any attribute changed; a PATCH that changes nothing needs no directory write. */
    public boolean changed() {
        return !changedAttributes.isEmpty();
    }
}
