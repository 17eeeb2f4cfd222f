package org.scimbridge.mapping.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 section 3.4.2.5, 3.9): which members a
 * response carries, and so which LDAP attributes a search needs to request. {@code id} and {@code schemas} are always
 * returned (RFC 7643 section 3.1 and 2.2 "returned: always").
 */
public final class Projection {

    private static final Projection ALL = new Projection(Mode.ALL, List.of(), null, null);

    private enum Mode { ALL, ONLY, EXCLUDE }

    /** One selected path: {@code name} null selects a whole schema extension. */
    private record Selector(String urn, String name, String sub) {
    }

    private final Mode mode;
    private final List<Selector> selectors;
    private final String coreUrn;
    private final String extensionUrn;

    private Projection(Mode mode, List<Selector> selectors, String coreUrn, String extensionUrn) {
        this.mode = mode;
        this.selectors = List.copyOf(selectors);
        this.coreUrn = coreUrn;
        this.extensionUrn = extensionUrn;
    }

    public static Projection all() {
        return ALL;
    }

    /**
     * From the comma-separated parameters; both empty or absent means the default set. When both are given,
     * {@code attributes} wins, as RFC 7644 section 3.4.2.5 leaves the combination to the server.
     */
    public static Projection of(String attributes, String excludedAttributes, String coreUrn) {
        String extensionUrn = coreUrn.equals(CoreSchemas.USER_URN) ? CoreSchemas.ENTERPRISE_USER_URN : null;
        if (attributes != null && !attributes.isBlank()) {
            return new Projection(Mode.ONLY, parse(attributes, coreUrn, extensionUrn), coreUrn, extensionUrn);
        }
        if (excludedAttributes != null && !excludedAttributes.isBlank()) {
            return new Projection(Mode.EXCLUDE, parse(excludedAttributes, coreUrn, extensionUrn), coreUrn, extensionUrn);
        }
        return ALL;
    }

    private static List<Selector> parse(String list, String coreUrn, String extensionUrn) {
        List<Selector> selectors = new ArrayList<>();
        for (String item : list.split(",")) {
            String text = item.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.equalsIgnoreCase(coreUrn) || text.equalsIgnoreCase(extensionUrn)) {
                selectors.add(new Selector(text.equalsIgnoreCase(coreUrn) ? coreUrn : extensionUrn, null, null));
                continue;
            }
            AttributePath path;
            try {
                path = AttributePath.parse(text);
            } catch (ScimException e) {
                throw ScimException.invalidValue("'" + text + "' in attributes/excludedAttributes is not an attribute path: " + e.detail());
            }
            String urn = path.schemaUrn() == null ? coreUrn : path.schemaUrn();
            if (!urn.equalsIgnoreCase(coreUrn) && !urn.equalsIgnoreCase(extensionUrn)) {
                throw ScimException.invalidValue("schema '" + urn + "' in attributes/excludedAttributes is not used here");
            }
            selectors.add(new Selector(urn.equalsIgnoreCase(coreUrn) ? coreUrn : extensionUrn, path.name(), path.subAttribute()));
        }
        return selectors;
    }

    /** Whether the response can carry the value of this mapping target; decides which LDAP attributes to request. */
    public boolean includes(ScimTarget target) {
        String urn = target.schemaUrn();
        String name = target.attribute();
        if (includes(urn, name, target.subAttribute())) {
            return true;
        }
        // An element's type and primary (RFC 7643 section 2.4) and a reference's $ref are derived from the value this
        // rule reads: asking for them alone still needs the LDAP attribute.
        return mode == Mode.ONLY && (target.isMultiValuedElement() && (includes(urn, name, "type") || includes(urn, name, "primary"))
                || "value".equals(target.subAttribute()) && includes(urn, name, "$ref"));
    }

    /** Whether {@code meta} is returned, and so the timestamps needed. */
    public boolean includesMeta() {
        return includes(coreUrn == null ? CoreSchemas.USER_URN : coreUrn, "meta", null);
    }

    /** Whether the attribute (or one of its sub-attributes) is returned. */
    public boolean includes(String urn, String name, String sub) {
        return switch (mode) {
            case ALL -> true;
            case ONLY -> selectors.stream().anyMatch(s -> s.urn().equalsIgnoreCase(urn) && (s.name() == null
                    || s.name().equalsIgnoreCase(name) && (s.sub() == null || sub == null || s.sub().equalsIgnoreCase(sub))));
            case EXCLUDE -> selectors.stream().noneMatch(s -> s.urn().equalsIgnoreCase(urn) && (s.name() == null
                    || s.name().equalsIgnoreCase(name) && (s.sub() == null || sub != null && s.sub().equalsIgnoreCase(sub))));
        };
    }

    /** The resource as the client asked for it; the input is not modified. */
    public ObjectNode apply(ObjectNode resource) {
        if (mode == Mode.ALL) {
            return resource;
        }
        ObjectNode result = Json.object();
        for (Map.Entry<String, JsonNode> member : resource.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equals("schemas") || name.equals("id")) {
                result.set(name, value);
            } else if (extensionUrn != null && name.equals(extensionUrn)) {
                ObjectNode extension = project(extensionUrn, (ObjectNode) value);
                if (!extension.isEmpty()) {
                    result.set(name, extension);
                }
            } else {
                projectMember(result, coreUrn, name, value);
            }
        }
        if (result.has("schemas") && extensionUrn != null && !result.has(extensionUrn)) {
            ArrayNode schemas = Json.NODES.arrayNode();
            result.get("schemas").forEach(s -> {
                if (!s.asText().equals(extensionUrn)) {
                    schemas.add(s);
                }
            });
            result.set("schemas", schemas);
        }
        return result;
    }

    private ObjectNode project(String urn, ObjectNode container) {
        ObjectNode result = Json.object();
        for (Map.Entry<String, JsonNode> member : container.properties()) {
            projectMember(result, urn, member.getKey(), member.getValue());
        }
        return result;
    }

    private void projectMember(ObjectNode result, String urn, String name, JsonNode value) {
        if (!includes(urn, name, null)) {
            return;
        }
        if (value.isObject()) {
            ObjectNode kept = subAttributes(urn, name, (ObjectNode) value);
            if (!kept.isEmpty()) {
                result.set(name, kept);
            }
        } else if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
            ArrayNode kept = Json.NODES.arrayNode();
            value.forEach(element -> {
                ObjectNode subs = subAttributes(urn, name, (ObjectNode) element);
                if (!subs.isEmpty()) {
                    kept.add(subs);
                }
            });
            if (!kept.isEmpty()) {
                result.set(name, kept);
            }
        } else {
            result.set(name, value);
        }
    }

    private ObjectNode subAttributes(String urn, String name, ObjectNode complex) {
        ObjectNode kept = Json.object();
        for (Map.Entry<String, JsonNode> sub : complex.properties()) {
            if (includes(urn, name, sub.getKey()) && subSelected(urn, name, sub.getKey())) {
                kept.set(sub.getKey(), sub.getValue());
            }
        }
        return kept;
    }

    /** In ONLY mode, {@code emails.value} keeps just value; {@code emails} keeps every sub-attribute. */
    private boolean subSelected(String urn, String name, String sub) {
        if (mode != Mode.ONLY) {
            return true;
        }
        return selectors.stream().anyMatch(s -> s.urn().equalsIgnoreCase(urn) && (s.name() == null
                || s.name().equalsIgnoreCase(name) && (s.sub() == null || s.sub().equalsIgnoreCase(sub))));
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + selectors;
    }
}
