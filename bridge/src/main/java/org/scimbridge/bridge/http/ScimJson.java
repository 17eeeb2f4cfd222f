package org.scimbridge.bridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.schema.CoreSchemas;

/** Reading SCIM request bodies and writing SCIM responses: {@code application/scim+json} (RFC 7644 section 3.1). */
public final class ScimJson {

    public static final String MEDIA_TYPE = "application/scim+json";
    public static final HeaderName ETAG = HeaderNames.ETAG;

    /** Bounded nesting and string sizes: a hostile body cannot make the parser allocate without limit. */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(65_536).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ScimJson() {
    }

    /**
     * The request body as JSON. Larger than {@code maxBytes}: 413. Not JSON: 400 invalidSyntax. A media type other than
     * SCIM's or plain JSON: 415. RFC 7644 section 3.1 asks servers to accept {@code application/json} too.
     */
    public static JsonNode readBody(ServerRequest request, long maxBytes) {
        Optional<String> contentType = request.headers().first(HeaderNames.CONTENT_TYPE);
        if (contentType.isPresent()) {
            String type = contentType.get().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!type.equals(MEDIA_TYPE) && !type.equals("application/json")) {
                throw new ScimException(415, null, "Content-Type must be application/scim+json or application/json, not " + type);
            }
        }
        long declared = request.headers().contentLength().orElse(-1L);
        if (declared > maxBytes) {
            throw ScimException.payloadTooLarge("the request body exceeds " + maxBytes + " bytes");
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw ScimException.invalidSyntax("the request body could not be read");
        }
        if (body.length > maxBytes) {
            throw ScimException.payloadTooLarge("the request body exceeds " + maxBytes + " bytes");
        }
        if (body.length == 0) {
            throw ScimException.invalidSyntax("the request needs a JSON body");
        }
        try {
            JsonNode json = MAPPER.readTree(body);
            if (hasNulEscape(body)) {
                rejectNul(json, "");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ScimException.invalidSyntax("the request body could not be read");
        }
    }

    /**
     * A PatchOp body, sent alone or inside a Bulk operation, with at most {@code maxOperations} operations: each becomes
     * directory work, so one request must not carry an unbounded number (400 tooMany, RFC 7644 section 3.12).
     */
    public static JsonNode withOperationsAtMost(JsonNode body, int maxOperations) {
        int count = body.isObject() ? Json.field(body, "Operations").map(JsonNode::size).orElse(0) : 0;
        if (count > maxOperations) {
            throw ScimException.tooMany("the PATCH request has " + count + " operations; at most " + maxOperations
                    + " are accepted (limits.maxPatchOperations)");
        }
        return body;
    }

    /**
     * Whether the body spells U+0000, which JSON can only as the escape {@code \u0000} (the parser refuses raw control
     * characters in strings): most bodies do not, and skip the walk that names where it is.
     */
    private static boolean hasNulEscape(byte[] body) {
        outer:
        for (int i = 0; i + 6 <= body.length; i++) {
            if (body[i] != '\\' || body[i + 1] != 'u') {
                continue;
            }
            for (int k = 2; k < 6; k++) {
                if (body[i + k] != '0') {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * U+0000 in any name or string is a 400 invalidValue naming where it is. slapd would store it (even in a DN), but
     * most LDAP tools and C consumers of the directory end strings there, so a name with NUL would read differently
     * depending on who reads it.
     */
    private static void rejectNul(JsonNode node, String where) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            throw ScimException.invalidValue("'" + where + "' contains the NUL character (U+0000), which the directory must"
                    + " not store");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNul(node.get(i), where + "[" + i + "]");
            }
        }
        for (var member : node.properties()) {
            String name = member.getKey();
            if (name.indexOf('\0') >= 0) {
                throw ScimException.invalidValue("an attribute name contains the NUL character (U+0000)");
            }
            rejectNul(member.getValue(), where.isEmpty() ? name : where + "." + name);
        }
    }

    public static void send(ServerResponse response, Status status, JsonNode body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        try {
            response.send(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
    }

    /** The error body of RFC 7644 section 3.12; {@code status} is a string there. */
    public static ObjectNode error(ScimException e) {
        ObjectNode error = Json.object();
        error.putArray("schemas").add(CoreSchemas.ERROR_URN);
        error.put("status", Integer.toString(e.status()));
        if (e.scimType() != null) {
            error.put("scimType", e.scimType());
        }
        error.put("detail", e.detail());
        return error;
    }

    /** A ListResponse (RFC 7644 section 3.4.2). */
    public static ObjectNode listResponse(long totalResults, int startIndex, ArrayNode resources) {
        ObjectNode list = Json.object();
        list.putArray("schemas").add(CoreSchemas.LIST_RESPONSE_URN);
        list.put("totalResults", totalResults);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", resources.size());
        list.set("Resources", resources);
        return list;
    }
}
