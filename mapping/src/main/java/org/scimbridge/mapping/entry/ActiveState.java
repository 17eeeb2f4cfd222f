package org.scimbridge.mapping.entry;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.Lifecycle.ActiveStrategy;
import org.scimbridge.mapping.config.ResourceMapping;

/**
 * Reads and writes {@code active} through the mapping's lifecycle strategies. Reactivation undoes exactly what
 * deactivation did: the disabled value goes, the ACCOUNTDISABLE bit is cleared with the other bits kept, the entry
 * moves back; the id never changes.
 */
final class ActiveState {

    private ActiveState() {
    }

    /** The user's active state by the first strategy; empty when the mapping has none. */
    static Optional<Boolean> read(Entry entry, ResourceMapping mapping) {
        if (mapping.lifecycle().active().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (mapping.lifecycle().active().getFirst()) {
            case ActiveStrategy.Value value -> !hasValue(entry, value.attribute(), value.disabled());
            case ActiveStrategy.Bit bit -> (number(entry.getAttributeValue(bit.attribute()), 0) & bit.bit()) == 0;
            case ActiveStrategy.Move move -> !dn(entry).isDescendantOf(move.disabledBase(), false);
        });
    }

    /** The requested state in a body: true/false, or Entra's "True"/"False" strings; empty when absent. */
    static Optional<Boolean> requested(JsonNode body) {
        return Json.field(body, "active").map(a -> a.isBoolean() ? a.asBoolean() : a.asText().equalsIgnoreCase("true"));
    }

    /**
     * Writes {@code active} into {@code target}, starting from {@code current} (null on create): attribute values,
     * and for the move strategy the entry's parent.
     */
    static void apply(Entry target, boolean active, Entry current, ResourceMapping mapping) {
        for (ActiveStrategy strategy : mapping.lifecycle().active()) {
            switch (strategy) {
                case ActiveStrategy.Value value -> {
                    if (active) {
                        target.removeAttributeValue(value.attribute(), value.disabled());
                    } else if (!hasValue(target, value.attribute(), value.disabled())) {
                        target.setAttribute(value.attribute(), value.disabled());
                    }
                }
                case ActiveStrategy.Bit bit -> {
                    long before = current == null ? bit.createValue() : number(current.getAttributeValue(bit.attribute()), bit.createValue());
                    long after = active ? before & ~bit.bit() : before | bit.bit();
                    if (current == null || after != before) {
                        target.setAttribute(bit.attribute(), Long.toString(after));
                    }
                }
                case ActiveStrategy.Move move -> {
                    DN dn = dn(target);
                    boolean disabled = dn.isDescendantOf(move.disabledBase(), false);
                    if (disabled == active) {
                        target.setDN(new DN(dn.getRDN(), active ? mapping.base() : move.disabledBase()));
                    }
                }
            }
        }
    }

    private static boolean hasValue(Entry entry, String attribute, String value) {
        String[] values = entry.getAttributeValues(attribute);
        if (values == null) {
            return false;
        }
        for (String v : values) {
            if (v.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static long number(String text, long defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ScimException.internal("the directory holds a non-numeric account control value: " + text);
        }
    }

    private static DN dn(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("unparseable DN " + entry.getDN(), e);
        }
    }
}
