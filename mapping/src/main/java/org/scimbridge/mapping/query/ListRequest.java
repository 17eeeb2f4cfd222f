package org.scimbridge.mapping.query;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * A list or search request (RFC 7644 sections 3.4.2 and 3.4.3), from query parameters or a SearchRequest body, with
 * the service's bounds applied: {@code startIndex} below 1 is read as 1, a negative {@code count} as 0, and a count
 * above the configured maximum as that maximum (section 3.4.2.4).
 */
public record ListRequest(Optional<String> filter, Optional<String> sortBy, Optional<String> sortOrder, int startIndex,
                          int count, Optional<String> attributes, Optional<String> excludedAttributes) {

    private static final List<String> BODY_MEMBERS = List.of("schemas", "filter", "sortBy", "sortOrder", "startIndex", "count",
            "attributes", "excludedAttributes");

    /** From query parameters; {@code parameter} returns a parameter's first value. */
    public static ListRequest fromQuery(Function<String, Optional<String>> parameter, int maxResults) {
        return new ListRequest(nonBlank(parameter.apply("filter")), nonBlank(parameter.apply("sortBy")),
                nonBlank(parameter.apply("sortOrder")),
                Math.max(1, integer("startIndex", nonBlank(parameter.apply("startIndex")), 1)),
                bound(integer("count", nonBlank(parameter.apply("count")), maxResults), maxResults),
                nonBlank(parameter.apply("attributes")), nonBlank(parameter.apply("excludedAttributes")));
    }

    /** From the body of {@code POST .search} (RFC 7644 section 3.4.3). */
    public static ListRequest fromSearchBody(JsonNode body, int maxResults) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("a search request body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            if (BODY_MEMBERS.stream().noneMatch(m -> m.equalsIgnoreCase(member.getKey()))) {
                throw ScimException.invalidSyntax("unknown member '" + member.getKey() + "' in a SearchRequest");
            }
        }
        Optional<JsonNode> schemas = Json.field(body, "schemas");
        boolean searchRequest = false;
        if (schemas.isPresent() && schemas.get().isArray()) {
            for (JsonNode urn : schemas.get()) {
                searchRequest |= urn.isTextual() && urn.asText().equalsIgnoreCase(CoreSchemas.SEARCH_REQUEST_URN);
            }
        }
        if (schemas.isPresent() && !searchRequest) {
            throw ScimException.invalidValue("a search request's schemas must be [\"" + CoreSchemas.SEARCH_REQUEST_URN + "\"]");
        }
        return new ListRequest(text(body, "filter"), text(body, "sortBy"), text(body, "sortOrder"),
                Math.max(1, number(body, "startIndex", 1)), bound(number(body, "count", maxResults), maxResults),
                list(body, "attributes"), list(body, "excludedAttributes"));
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int integer(String name, Optional<String> text, int defaultValue) {
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            try {
                // An absurdly large count is capped, not refused (RFC 7644 section 3.4.2.4).
                return new BigInteger(text.get()).signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            } catch (NumberFormatException notANumber) {
                throw ScimException.invalidValue("'" + name + "' must be an integer");
            }
        }
    }

    private static int bound(int count, int maxResults) {
        return Math.min(Math.max(0, count), maxResults);
    }

    private static Optional<String> text(JsonNode body, String name) {
        Optional<JsonNode> value = Json.field(body, name);
        if (value.isPresent() && !value.get().isTextual()) {
            throw ScimException.invalidSyntax("'" + name + "' must be a string");
        }
        return nonBlank(value.map(JsonNode::asText));
    }

    private static int number(JsonNode body, String name, int defaultValue) {
        Optional<JsonNode> value = Json.field(body, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().isIntegralNumber()) {
            return value.get().canConvertToInt() ? value.get().asInt() : value.get().bigIntegerValue().signum() > 0
                    ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        if (value.get().isTextual()) {
            return integer(name, nonBlank(Optional.of(value.get().asText())), defaultValue);
        }
        throw ScimException.invalidValue("'" + name + "' must be an integer");
    }

    /** RFC 7644 section 3.4.3: attributes are a JSON array of strings in a search body; a comma list is accepted too. */
    private static Optional<String> list(JsonNode body, String name) {
        Optional<JsonNode> value = Json.field(body, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().isTextual()) {
            return nonBlank(Optional.of(value.get().asText()));
        }
        if (!value.get().isArray()) {
            throw ScimException.invalidSyntax("'" + name + "' must be an array of attribute names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : value.get()) {
            if (!item.isTextual()) {
                throw ScimException.invalidSyntax("'" + name + "' must be an array of attribute names");
            }
            names.add(item.asText());
        }
        return nonBlank(Optional.of(String.join(",", names)));
    }
}
