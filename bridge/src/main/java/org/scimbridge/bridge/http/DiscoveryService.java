package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.CoreSchemas;
import org.scimbridge.mapping.schema.MappedSchemas;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * {@code /ServiceProviderConfig}, {@code /ResourceTypes} and {@code /Schemas} (RFC 7644 section 4), generated from the
 * mapping so that they say exactly what this deployment supports and nothing more.
 */
public final class DiscoveryService implements HttpService {

    private static final String SPC_URN = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    private final List<ScimSchema> userSchemas;
    private final Limits limits;
    private final BaseUrl baseUrl;

    public DiscoveryService(ResourceMapping users, Limits limits, BaseUrl baseUrl) {
        this.userSchemas = MappedSchemas.of(users);
        this.limits = limits;
        this.baseUrl = baseUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/ServiceProviderConfig", this::serviceProviderConfig)
                .get("/ResourceTypes", this::resourceTypes)
                .get("/ResourceTypes/{name}", this::resourceType)
                .get("/Schemas", this::schemas)
                .get("/Schemas/{urn}", this::schema);
    }

    private void serviceProviderConfig(ServerRequest req, ServerResponse res) {
        ScimRequestFilter.event(req).resource("ServiceProviderConfig", null);
        ObjectNode spc = Json.object();
        spc.putArray("schemas").add(SPC_URN);
        spc.put("documentationUri", "https://datatracker.ietf.org/doc/html/rfc7644");
        spc.putObject("patch").put("supported", true);
        // RFC 7644 section 3.7.4: the limits a client must stay within; beyond them /Bulk answers 413.
        spc.putObject("bulk").put("supported", true).put("maxOperations", limits.bulkMaxOperations())
                .put("maxPayloadSize", limits.bulkMaxPayloadBytes());
        spc.putObject("filter").put("supported", true).put("maxResults", limits.maxResults());
        spc.putObject("changePassword").put("supported", false);
        // Sorting uses the directory's server-side sort control where offered, else the bridge sorts its bounded snapshot.
        spc.putObject("sort").put("supported", true);
        // meta.version / ETag, with If-Match enforced by the directory's assertion control (RFC 4528).
        spc.putObject("etag").put("supported", true);
        ObjectNode bearer = spc.putArray("authenticationSchemes").addObject();
        bearer.put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                .put("description", "Authentication with a bearer token issued by the bridge's operator (RFC 6750)")
                .put("specUri", "https://datatracker.ietf.org/doc/html/rfc6750").put("primary", true);
        spc.set("meta", meta("ServiceProviderConfig", baseUrl.of(req) + "/ServiceProviderConfig"));
        ScimJson.send(res, Status.OK_200, spc);
    }

    private void resourceTypes(ServerRequest req, ServerResponse res) {
        ScimRequestFilter.event(req).resource("ResourceType", null);
        ArrayNode resources = Json.NODES.arrayNode().add(userResourceType(req));
        ScimJson.send(res, Status.OK_200, ScimJson.listResponse(resources.size(), 1, resources));
    }

    private void resourceType(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        ScimRequestFilter.event(req).resource("ResourceType", name);
        if (!name.equals("User")) {
            throw ScimException.notFound("resource type " + name + " is not offered");
        }
        ScimJson.send(res, Status.OK_200, userResourceType(req));
    }

    private void schemas(ServerRequest req, ServerResponse res) {
        ScimRequestFilter.event(req).resource("Schema", null);
        ArrayNode resources = Json.NODES.arrayNode();
        userSchemas.forEach(s -> resources.add(schemaResource(s, req)));
        ScimJson.send(res, Status.OK_200, ScimJson.listResponse(resources.size(), 1, resources));
    }

    private void schema(ServerRequest req, ServerResponse res) {
        String urn = req.path().pathParameters().get("urn");
        ScimRequestFilter.event(req).resource("Schema", urn);
        ScimSchema schema = userSchemas.stream().filter(s -> s.id().equalsIgnoreCase(urn)).findFirst()
                .orElseThrow(() -> ScimException.notFound("schema " + urn + " is not offered"));
        ScimJson.send(res, Status.OK_200, schemaResource(schema, req));
    }

    private ObjectNode userResourceType(ServerRequest req) {
        ObjectNode type = Json.object();
        type.putArray("schemas").add(RESOURCE_TYPE_URN);
        type.put("id", "User").put("name", "User").put("endpoint", "/Users").put("description", "User Account")
                .put("schema", CoreSchemas.USER_URN);
        ArrayNode extensions = type.putArray("schemaExtensions");
        for (ScimSchema schema : userSchemas) {
            if (!schema.id().equals(CoreSchemas.USER_URN)) {
                extensions.addObject().put("schema", schema.id()).put("required", false);
            }
        }
        type.set("meta", meta("ResourceType", baseUrl.of(req) + "/ResourceTypes/User"));
        return type;
    }

    private ObjectNode schemaResource(ScimSchema schema, ServerRequest req) {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(SCHEMA_URN);
        node.put("id", schema.id()).put("name", schema.name()).put("description", schema.description());
        ArrayNode attributes = node.putArray("attributes");
        schema.attributes().forEach(a -> attributes.add(attribute(a)));
        node.set("meta", meta("Schema", baseUrl.of(req) + "/Schemas/" + schema.id()));
        return node;
    }

    /** The attribute characteristics of RFC 7643 section 7. */
    private static ObjectNode attribute(AttributeDefinition definition) {
        ObjectNode node = Json.object();
        node.put("name", definition.name()).put("type", definition.type().jsonName())
                .put("multiValued", definition.multiValued()).put("description", definition.description())
                .put("required", definition.required()).put("caseExact", definition.caseExact())
                .put("mutability", definition.mutability().jsonName()).put("returned", definition.returned().jsonName())
                .put("uniqueness", definition.uniqueness().jsonName());
        if (!definition.canonicalValues().isEmpty()) {
            ArrayNode values = node.putArray("canonicalValues");
            definition.canonicalValues().forEach(values::add);
        }
        if (!definition.referenceTypes().isEmpty()) {
            ArrayNode types = node.putArray("referenceTypes");
            definition.referenceTypes().forEach(types::add);
        }
        if (!definition.subAttributes().isEmpty()) {
            List<ObjectNode> subs = new ArrayList<>();
            definition.subAttributes().forEach(s -> subs.add(attribute(s)));
            node.putArray("subAttributes").addAll(subs);
        }
        return node;
    }

    private static ObjectNode meta(String resourceType, String location) {
        ObjectNode meta = Json.object();
        meta.put("resourceType", resourceType).put("location", location);
        return meta;
    }
}
