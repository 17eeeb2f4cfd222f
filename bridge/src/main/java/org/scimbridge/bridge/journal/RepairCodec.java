package org.scimbridge.bridge.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.journal.Repair.DeleteCreated;
import org.scimbridge.bridge.journal.Repair.FinishMembers;
import org.scimbridge.bridge.journal.Repair.MemberChange;
import org.scimbridge.bridge.journal.Repair.RecomputeRoles;
import org.scimbridge.bridge.journal.Repair.RemoveMemberships;
import org.scimbridge.bridge.journal.Repair.RenameBack;

/** A {@link Repair} to and from its JSON object in the journal file; an object it cannot read is an error, never skipped. */
final class RepairCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RepairCodec() {
    }

    static ObjectNode write(Repair repair) {
        ObjectNode node = NODES.objectNode().put("kind", repair.kind());
        switch (repair) {
            case DeleteCreated d -> node.put("type", d.type()).put("id", d.id()).put("dn", d.entry().toString());
            case RenameBack r -> node.put("type", r.type()).put("id", r.id()).put("dn", r.current().toString())
                    .put("originalDn", r.original().toString());
            case FinishMembers f -> {
                node.put("id", f.id()).put("dn", f.group().toString());
                var changes = node.putArray("remaining");
                for (MemberChange change : f.remaining()) {
                    ObjectNode c = changes.addObject().put("op", change.op().name().toLowerCase(Locale.ROOT));
                    change.values().forEach(c.putArray("values")::add);
                }
            }
            case RecomputeRoles r -> r.members().forEach(node.putArray("members")::add);
            case RemoveMemberships m -> node.put("id", m.id()).put("dn", m.user().toString()).put("value", m.value())
                    .put("deleted", m.deleted());
        }
        return node;
    }

    static Repair read(JsonNode node) throws IOException {
        String kind = text(node, "kind");
        return switch (kind) {
            case "deleteCreated" -> new DeleteCreated(text(node, "type"), text(node, "id"), dn(node, "dn"));
            case "renameBack" -> new RenameBack(text(node, "type"), text(node, "id"), dn(node, "dn"), dn(node, "originalDn"));
            case "finishMembers" -> {
                List<MemberChange> remaining = new ArrayList<>();
                for (JsonNode change : array(node, "remaining")) {
                    String op = text(change, "op");
                    MemberChange.Op parsed = Arrays.stream(MemberChange.Op.values())
                            .filter(o -> o.name().equalsIgnoreCase(op)).findFirst()
                            .orElseThrow(() -> new IOException("member change op '" + op + "' is not add, delete or replace"));
                    remaining.add(new MemberChange(parsed, strings(change, "values")));
                }
                yield new FinishMembers(text(node, "id"), dn(node, "dn"), remaining);
            }
            case "recomputeRoles" -> new RecomputeRoles(strings(node, "members"));
            case "removeMemberships" -> new RemoveMemberships(text(node, "id"), dn(node, "dn"), text(node, "value"),
                    bool(node, "deleted"));
            default -> throw new IOException("unknown repair kind '" + kind + "'");
        };
    }

    static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("'" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IOException("'" + field + "' is missing or not true/false");
        }
        return value.asBoolean();
    }

    private static JsonNode array(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IOException("'" + field + "' is missing or not a list");
        }
        return value;
    }

    private static List<String> strings(JsonNode node, String field) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array(node, field)) {
            if (!value.isTextual()) {
                throw new IOException("'" + field + "' holds something other than strings");
            }
            values.add(value.asText());
        }
        return values;
    }

    private static DN dn(JsonNode node, String field) throws IOException {
        String value = text(node, field);
        try {
            return new DN(value);
        } catch (LDAPException e) {
            throw new IOException("'" + field + "' is not a DN: " + value);
        }
    }
}
