package org.scimbridge.bridge.http;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of a {@code /Bulk} request (RFC 7644 section 3.7), checked for shape only: what it does to the directory
 * is decided when it runs, by the same code as the single request it stands for.
 *
 * @param index    position in the request, from 0
 * @param method   POST, PUT, PATCH or DELETE
 * @param bulkId   the client's name for the resource a POST creates, which other operations reference as {@code bulkId:ID}
 * @param version  the {@code If-Match} of the operation, an entity tag such as {@code W/"..."}
 * @param endpoint {@code Users} or {@code Groups}
 * @param id       the resource id of PUT, PATCH and DELETE, possibly a {@code bulkId:} reference; empty for POST
 * @param data     the body of POST, PUT and PATCH; null for DELETE
 */
record BulkOperation(int index, String method, Optional<String> bulkId, Optional<String> version, String endpoint,
                     Optional<String> id, JsonNode data) {

    /** The operation's path as the client gave it (with the {@code bulkId:} reference left in). */
    String path() {
        return "/" + endpoint + id.map(i -> "/" + i).orElse("");
    }

    /** The resource type the endpoint serves. */
    String resourceType() {
        return endpoint.equals("Users") ? "User" : "Group";
    }

    /** Where errors name this operation: {@code Operations[3]}, counted from 1 like people count. */
    String where() {
        return "Operations[" + (index + 1) + "]";
    }
}
