package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;

/**
 * A {@code /Bulk} request body (RFC 7644 section 3.7), checked as a whole before anything runs: a body that is not a
 * BulkRequest, an operation without a method or a usable path, a POST without data, or a {@code bulkId} used twice is a
 * 400 and nothing is executed; more operations than {@code maxOperations} is a 413 (section 3.7.4). What the operations'
 * data say is checked when each runs, and a bad one fails alone.
 *
 * @param failOnErrors the number of failed operations after which the rest are not run; empty: run them all
 */
record BulkRequest(Optional<Integer> failOnErrors, List<BulkOperation> operations) {

    static final String URN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    BulkRequest {
        operations = List.copyOf(operations);
    }

    static BulkRequest parse(JsonNode body, int maxOperations) {
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a bulk request is a JSON object with \"schemas\" and \"Operations\"");
        }
        requireSchema(body);
        JsonNode operations = Json.field(body, "Operations").orElse(null);
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("\"Operations\" must be a non-empty array of operations");
        }
        if (operations.size() > maxOperations) {
            // Section 3.7.4: 413, and the body names the limit that was exceeded.
            throw ScimException.payloadTooLarge("the bulk request has " + operations.size()
                    + " operations, more than maxOperations (" + maxOperations + ")");
        }
        List<BulkOperation> parsed = new ArrayList<>();
        Map<String, Integer> bulkIds = new HashMap<>();
        for (int index = 0; index < operations.size(); index++) {
            BulkOperation operation = operation(operations.get(index), index);
            operation.bulkId().ifPresent(bulkId -> {
                Integer before = bulkIds.putIfAbsent(bulkId, operation.index());
                if (before != null) {
                    throw ScimException.invalidValue("bulkId \"" + bulkId + "\" is used by Operations[" + (before + 1)
                            + "] and " + operation.where() + "; it must be unique within the request");
                }
            });
            parsed.add(operation);
        }
        return new BulkRequest(failOnErrors(body), parsed);
    }

    private static void requireSchema(JsonNode body) {
        Optional<JsonNode> schemas = Json.field(body, "schemas");
        if (schemas.isEmpty()) {
            return;
        }
        for (JsonNode urn : schemas.get()) {
            if (urn.isTextual() && urn.textValue().equalsIgnoreCase(URN)) {
                return;
            }
        }
        throw ScimException.invalidValue("\"schemas\" must contain " + URN);
    }

    private static Optional<Integer> failOnErrors(JsonNode body) {
        Optional<JsonNode> value = Json.field(body, "failOnErrors").filter(v -> !v.isNull());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().canConvertToInt() || !value.get().isIntegralNumber() || value.get().intValue() < 1) {
            throw ScimException.invalidValue("\"failOnErrors\" must be a positive integer");
        }
        return Optional.of(value.get().intValue());
    }

    private static BulkOperation operation(JsonNode node, int index) {
        String where = "Operations[" + (index + 1) + "]";
        if (!node.isObject()) {
            throw ScimException.invalidSyntax(where + " must be an object");
        }
        String method = text(node, "method", where).orElseThrow(() -> ScimException.invalidSyntax(where + " needs a \"method\""))
                .toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ScimException.invalidValue(where + ": method must be POST, PUT, PATCH or DELETE, not " + method);
        }
        String path = text(node, "path", where).orElseThrow(() -> ScimException.invalidSyntax(where + " needs a \"path\""));
        Optional<String> bulkId = text(node, "bulkId", where);
        if (bulkId.isPresent() && bulkId.get().isEmpty()) {
            throw ScimException.invalidValue(where + ": bulkId must not be empty");
        }
        Optional<String> version = text(node, "version", where);
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
        String endpoint = segments[0];
        if (!endpoint.equals("Users") && !endpoint.equals("Groups") || segments.length > 2) {
            throw ScimException.invalidPath(where + ": path must be /Users or /Groups, or /Users/{id} or /Groups/{id}, not "
                    + path);
        }
        Optional<String> id = segments.length == 2 ? Optional.of(segments[1]) : Optional.empty();
        if (method.equals("POST") == id.isPresent() || id.isPresent() && id.get().isEmpty()) {
            throw ScimException.invalidPath(where + ": " + (method.equals("POST") ? "POST goes to /" + endpoint
                    : method + " needs the resource's path, /" + endpoint + "/{id}") + ", not " + path);
        }
        JsonNode data = Json.field(node, "data").filter(d -> !d.isNull()).orElse(null);
        if (!method.equals("DELETE") && (data == null || !data.isObject())) {
            throw ScimException.invalidSyntax(where + ": " + method + " needs \"data\", the resource or PATCH body as an object");
        }
        return new BulkOperation(index, method, bulkId, version, endpoint, id, method.equals("DELETE") ? null : data);
    }

    private static Optional<String> text(JsonNode node, String name, String where) {
        Optional<JsonNode> value = Json.field(node, name).filter(v -> !v.isNull());
        if (value.isPresent() && !value.get().isTextual()) {
            throw ScimException.invalidSyntax(where + ": \"" + name + "\" must be a string");
        }
        return value.map(JsonNode::textValue);
    }
}
