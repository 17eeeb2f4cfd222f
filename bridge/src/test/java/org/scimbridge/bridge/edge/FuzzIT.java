package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * Random and mutated filters, query strings, POST, PUT and PATCH bodies against a bridge on slapd, for a bounded time
 * ({@code -Dfuzz.seconds}, default 20) from a seed ({@code -Dfuzz.seed}, random by default and named in every failure).
 * A seeded generator in plain JUnit rather than Jazzer: the target is a running server over HTTP with a real directory,
 * which Jazzer's in-process, coverage-guided mode does not drive, and no Jazzer release is among the vetted artifacts.
 *
 * <p>Asserted for every response: status below 500 (the directory stays up, so not even 503), a JSON body, errors in
 * SCIM's form with no stack trace. Asserted about the directory, the invariant against partial writes: the bridge's
 * last successful answer for each resource is the model; after every refused write to a resource, and for all of them
 * at the end, the resource reads back exactly as modelled, and the entries that are new under the users' base since the
 * start are exactly the modelled resources.
 */
class FuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyScimErrorsEscapeAndNoWriteIsPartial() throws Exception {
        long seed = Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong());
        long budget = TimeUnit.SECONDS.toNanos(Long.getLong("fuzz.seconds", 20));
        System.out.println("FuzzIT seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        SlapdServer slapd = SlapdServer.shared();
        try (BridgeHarness bridge = SlapdBridge.harness(slapd, SlapdBridge.configure(slapd, slapd.adminDn(),
                slapd.adminPassword(), "", "requestsPerSecond: 0"))) {
            new Run(bridge, new FuzzInputs(seed, "fz" + Long.toHexString(seed & 0xffff)), seed).go(budget);
        }
    }

    /** One fuzzing run: the model of what the bridge said it wrote, and the requests. */
    private static final class Run {
        private final BridgeHarness bridge;
        private final FuzzInputs inputs;
        private final long seed;
        private final Set<String> before;
        private final Map<String, JsonNode> model = new HashMap<>();
        private final List<String> trail = new ArrayList<>();
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private int requests;

        Run(BridgeHarness bridge, FuzzInputs inputs, long seed) {
            this.bridge = bridge;
            this.inputs = inputs;
            this.seed = seed;
            this.before = userIds();
        }

        void go(long budgetNanos) throws IOException {
            long start = System.nanoTime();
            while (System.nanoTime() - start < budgetNanos) {
                step();
            }
            for (String id : List.copyOf(model.keySet())) {
                assertUnchanged(id);
            }
            Set<String> added = new HashSet<>(userIds());
            added.removeAll(before);
            assertEquals(model.keySet(), added, failure("the new entries under the users' base are not what the bridge said"
                    + " it created"));
            System.out.println("FuzzIT seed " + seed + ": " + requests + " requests, " + model.size() + " users left; "
                    + outcomes);
            model.keySet().forEach(id -> bridge.send("DELETE", "/Users/" + id, null));
        }

        private void step() throws IOException {
            int kind = inputs.nextInt(100);
            String id = model.isEmpty() || inputs.chance(10) ? "00000000-0000-0000-0000-000000000000"
                    : inputs.pick(List.copyOf(model.keySet()));
            if (kind < 25) {
                check("GET", pickEndpoint() + inputs.query(), null);
            } else if (kind < 35) {
                ObjectNode search = JSON.createObjectNode();
                search.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
                search.put("filter", inputs.filter());
                check("POST", pickEndpoint() + "/.search", maybeMutated(search));
            } else if (kind < 55) {
                Response created = check("POST", "/Users", maybeMutated(inputs.user()));
                if (created.status() == 201) {
                    model.put(created.json().get("id").asText(), created.json());
                }
            } else if (kind < 85) {
                write("PATCH", id, maybeMutated(inputs.patch()));
            } else if (kind < 95) {
                write("PUT", id, maybeMutated(inputs.user()));
            } else {
                write("DELETE", id, null);
            }
        }

        private void write(String method, String id, String body) throws IOException {
            Response response = check(method, "/Users/" + id, body);
            if (!model.containsKey(id)) {
                return;
            }
            if (response.status() == 204 && method.equals("DELETE")) {
                model.remove(id);
            } else if (response.status() == 200) {
                model.put(id, response.json());
            } else if (response.status() == 204) {
                model.put(id, bridge.get("/Users/" + id).json());
            } else {
                assertUnchanged(id);
            }
        }

        private String pickEndpoint() {
            return inputs.pick(List.of("/Users", "/Users", "/Groups", ""));
        }

        private String maybeMutated(JsonNode body) {
            return inputs.chance(15) ? inputs.mutate(body.toString()) : body.toString();
        }

        /** Sends the request and checks the answer's form; the request goes into the trail a failure prints. */
        private Response check(String method, String path, String body) {
            requests++;
            trail.add(method + " " + path + (body == null ? "" : " " + body));
            if (trail.size() > 5) {
                trail.removeFirst();
            }
            Response response = bridge.send(method, path, body);
            outcomes.merge(method + " " + response.status(), 1, Integer::sum);
            if (response.status() >= 500) {
                fail(failure("status " + response.status() + ": " + response.body()));
            }
            ScimAssertions.assertNoStackTrace(response.body());
            if (response.status() == 204) {
                assertTrue(response.body().isEmpty(), failure("a 204 with a body"));
                return response;
            }
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError(failure("not JSON: " + response.body()), e);
            }
            if (response.status() >= 400) {
                assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", json.path("schemas").path(0).asText(),
                        failure(response.body()));
                assertEquals(Integer.toString(response.status()), json.path("status").asText(), failure(response.body()));
            } else {
                assertTrue(json.path("schemas").isArray(), failure(response.body()));
            }
            return response;
        }

        /** The resource reads back as the bridge last said it was: a refused write left nothing behind. */
        private void assertUnchanged(String id) {
            Response current = bridge.get("/Users/" + id);
            assertEquals(200, current.status(), failure("a modelled user is gone: " + current.body()));
            assertEquals(withoutMeta(model.get(id)), withoutMeta(current.json()), failure("user " + id + " changed though"
                    + " the bridge refused the write"));
        }

        private static JsonNode withoutMeta(JsonNode user) {
            ObjectNode copy = user.deepCopy();
            copy.remove("meta");
            return copy;
        }

        private Set<String> userIds() {
            Set<String> ids = new HashSet<>();
            try {
                for (SearchResultEntry entry : bridge.admin().search(SlapdServer.PEOPLE_DN, SearchScope.ONE,
                        Filter.createPresenceFilter("objectClass"), "entryUUID").getSearchEntries()) {
                    ids.add(entry.getAttributeValue("entryUUID"));
                }
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
            return ids;
        }

        private String failure(String what) {
            return "seed " + seed + " (rerun with -Dfuzz.seed=" + seed + "), after " + requests + " requests: " + what
                    + "\nlast requests:\n  " + String.join("\n  ", trail);
        }
    }
}
