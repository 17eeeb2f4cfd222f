package org.scimbridge.mapping.patch;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.patch.PatchTarget.Attribute;

/**
 * The top-level attributes the operations touched, reduced at the end to those whose value really differs: a PATCH
 * that re-adds an existing value touches an attribute without changing it.
 */
final class ChangeLog {

    private final Map<String, Attribute> touched = new LinkedHashMap<>();

    void touch(Attribute target) {
        touched.putIfAbsent(target.changeKey(), new Attribute(target.extension(), target.definition(), null, null));
    }

    /** Whether an attribute of the extension was touched, so the resource's {@code schemas} may need updating. */
    boolean touchedExtension() {
        return touched.values().stream().anyMatch(a -> a.extension() != null);
    }

    /** Canonical names of touched attributes whose value in {@code after} differs from {@code before}. */
    SequencedSet<String> changed(ObjectNode before, ObjectNode after) {
        SequencedSet<String> changed = new LinkedHashSet<>();
        touched.forEach((key, attribute) -> {
            JsonNode old = value(before, attribute);
            JsonNode now = value(after, attribute);
            boolean same = JsonMembers.isUnassigned(old) ? JsonMembers.isUnassigned(now) : old.equals(now);
            if (!same) {
                changed.add(key);
            }
        });
        return changed;
    }

    private static JsonNode value(ObjectNode resource, Attribute attribute) {
        JsonNode container = attribute.extension() == null ? resource : JsonMembers.get(resource, attribute.extension().id());
        return JsonMembers.get(container, attribute.definition().name());
    }
}
