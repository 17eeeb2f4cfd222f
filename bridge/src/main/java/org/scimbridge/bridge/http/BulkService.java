package org.scimbridge.bridge.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;

/**
 * {@code POST /Bulk} (RFC 7644 section 3.7). Each operation runs through the same {@link ResourceService} code as the
 * single request it stands for, with its {@code version} as {@code If-Match}, and leaves its own audit record (request
 * id {@code <bulk request id>#<position>}). Operations run one after the other in request order, except that one
 * referencing {@code bulkId:X} waits for the POST that creates X ({@link BulkPlan}). A bulk request is not atomic:
 * each operation is all-or-nothing on its own, and one that failed does not undo those that succeeded (section 3.7).
 * After {@code failOnErrors} failures the rest are not run and the response lists only the operations that ran.
 */
public final class BulkService implements HttpService {

    static final String RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    private static final Logger LOG = Logger.getLogger(BulkService.class.getName());

    private final ResourceService users;
    private final Optional<ResourceService> groups;
    private final AuditLog audit;
    private final Limits limits;
    private final BaseUrl baseUrl;

    public BulkService(ResourceService users, Optional<ResourceService> groups, AuditLog audit, Limits limits, BaseUrl baseUrl) {
        this.users = users;
        this.groups = groups;
        this.audit = audit;
        this.limits = limits;
        this.baseUrl = baseUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::bulk)
                .any("/", (req, res) -> {
                    throw new ScimException(405, null, req.prologue().method().text() + " is not allowed on /Bulk");
                });
    }

    private void bulk(ServerRequest req, ServerResponse res) {
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("Bulk", null);
        BulkRequest request = BulkRequest.parse(body(req), limits.bulkMaxOperations());
        BulkPlan plan = BulkPlan.of(request.operations());
        String base = baseUrl.of(req);
        Map<String, String> created = new HashMap<>();
        Map<Integer, ObjectNode> results = new TreeMap<>();
        int errors = 0;
        for (int index : plan.order()) {
            BulkOperation operation = request.operations().get(index);
            ObjectNode result = run(operation, plan, created, base, event);
            results.put(index, result);
            // Only failures carry a "response" (section 3.7.3).
            if (result.has("response") && ++errors >= request.failOnErrors().orElse(Integer.MAX_VALUE)) {
                break;
            }
        }
        ObjectNode response = Json.object();
        response.putArray("schemas").add(RESPONSE_URN);
        // Listed in request order, so that a client can match results to its operations by position too.
        response.putArray("Operations").addAll(results.values());
        ScimJson.send(res, Status.OK_200, response);
    }

    /** The body, up to bulk.maxPayloadSize; beyond it a 413 that names the limit (section 3.7.4). */
    private JsonNode body(ServerRequest req) {
        try {
            return ScimJson.readBody(req, limits.bulkMaxPayloadBytes());
        } catch (ScimException e) {
            if (e.status() == 413) {
                throw ScimException.payloadTooLarge("the bulk request exceeds maxPayloadSize (" + limits.bulkMaxPayloadBytes()
                        + " bytes)");
            }
            throw e;
        }
    }

    /** Runs one operation with its own audit record; its outcome as a BulkResponse operation, failures included. */
    private ObjectNode run(BulkOperation operation, BulkPlan plan, Map<String, String> created, String base, AuditEvent bulk) {
        long start = System.nanoTime();
        AuditEvent event = new AuditEvent(bulk.requestId() + "#" + (operation.index() + 1), bulk.client(), operation.method(),
                BaseUrl.SCIM_PATH + operation.path());
        event.tokenName(bulk.tokenName());
        event.resource(operation.resourceType(), operation.id().orElse(null));
        ObjectNode result = Json.object();
        result.put("method", operation.method());
        operation.bulkId().ifPresent(bulkId -> result.put("bulkId", bulkId));
        int status = 500;
        try {
            Optional<ScimException> problem = plan.problem(operation.index());
            if (problem.isPresent()) {
                throw problem.get();
            }
            BulkOperation resolved = plan.resolve(operation, created);
            resolved.id().ifPresent(id -> {
                event.resource(operation.resourceType(), id);
                result.put("location", base + "/" + operation.endpoint() + "/" + id);
            });
            if (audit.refusesWrites()) {
                // audit.failClosed: a sink failed while the request ran; what has not run yet waits for it.
                throw ScimException.unavailable("the audit log cannot record changes right now, so changes are refused; "
                        + "retry later");
            }
            status = execute(resolved, new WriteContext(base, resolved.version(), event), result, created);
        } catch (ScimException e) {
            status = e.status();
            if (e.getCause() instanceof LDAPException refused) {
                event.ldapResult(refused.getResultCode().toString());
            }
            result.set("response", ScimJson.error(e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "bulk operation " + event.requestId() + " failed", e);
            result.set("response", ScimJson.error(ScimException.internal(
                    "internal error; the server log has the details under request id " + event.requestId())));
        } finally {
            result.put("status", Integer.toString(status));
            audit.record(event, status, (System.nanoTime() - start) / 1_000_000);
        }
        return result;
    }

    /** The operation itself, through the resource endpoint's own code; its HTTP status. */
    private int execute(BulkOperation operation, WriteContext call, ObjectNode result, Map<String, String> created) {
        ResourceService service = operation.endpoint().equals("Users") ? users : groups.orElseThrow(
                () -> ScimException.notFound("no SCIM endpoint at /Groups: the mapping has no groups"));
        String id = operation.id().orElse(null);
        Entry stored = switch (operation.method()) {
            case "POST" -> service.create(operation.data(), call);
            case "PUT" -> service.replace(id, operation.data(), call);
            case "PATCH" -> service.patch(id, operation.data(), call);
            default -> {
                service.delete(id, call);
                yield null;
            }
        };
        if (stored == null) {
            return 204;
        }
        result.put("location", service.location(call.baseUrl(), stored));
        service.etag(stored).ifPresent(etag -> result.put("version", etag));
        if (operation.method().equals("POST")) {
            operation.bulkId().ifPresent(bulkId -> created.put(bulkId, service.id(stored)));
            return 201;
        }
        return 200;
    }
}
