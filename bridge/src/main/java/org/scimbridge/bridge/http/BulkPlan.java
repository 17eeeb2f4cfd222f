package org.scimbridge.bridge.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.scimbridge.mapping.ScimException;

/**
 * The order in which a bulk request's operations run, from their {@code bulkId:} references (RFC 7644 section 3.7.2).
 * A reference is {@code bulkId:ID}: a whole string value anywhere in {@code data} (a group's {@code members[].value}, a
 * user's {@code manager.value}), a quoted value inside a string (a PATCH path {@code members[value eq "bulkId:ID"]}) or
 * the id in {@code path} ({@code /Groups/bulkId:ID}). It names the resource the request's POST with that {@code bulkId}
 * creates, whether that POST comes before or after it: operations run in request order, except that one waits until
 * the POSTs it references have run. References in a circle cannot all be met; section 3.7.1 lets the server answer
 * them with 409 instead of creating resources half and patching them later, which keeps every operation
 * all-or-nothing.
 */
final class BulkPlan {

    static final String PREFIX = "bulkId:";

    private final Map<String, Integer> definitions = new HashMap<>();
    private final List<Set<String>> references = new ArrayList<>();
    private final List<Integer> order = new ArrayList<>();
    private final Set<Integer> circular = new LinkedHashSet<>();

    private BulkPlan(List<BulkOperation> operations) {
        for (BulkOperation operation : operations) {
            if (operation.method().equals("POST")) {
                operation.bulkId().ifPresent(bulkId -> definitions.put(bulkId, operation.index()));
            }
            Set<String> found = new LinkedHashSet<>();
            operation.id().ifPresent(id -> scan(id, found));
            if (operation.data() != null) {
                collect(operation.data(), found);
            }
            references.add(found);
        }
        plan(operations.size());
    }

    static BulkPlan of(List<BulkOperation> operations) {
        return new BulkPlan(operations);
    }

    /** The operations' indexes in the order they run: request order, each after the POSTs it references. */
    List<Integer> order() {
        return Collections.unmodifiableList(order);
    }

    /** Why operation {@code index} cannot run whatever happens before it: an undefined or a circular reference. */
    Optional<ScimException> problem(int index) {
        for (String reference : references.get(index)) {
            if (!definitions.containsKey(reference)) {
                return Optional.of(ScimException.invalidValue(PREFIX + reference
                        + " names no POST operation of this request with that bulkId"));
            }
        }
        if (circular.contains(index)) {
            return Optional.of(new ScimException(409, null, "the bulkId references of this operation form a circle ("
                    + String.join(", ", references.get(index).stream().filter(r -> circular.contains(definitions.get(r)))
                    .map(r -> PREFIX + r).toList()) + " in turn needs this operation's result); create the resources first "
                    + "and link them in later operations"));
        }
        return Optional.empty();
    }

    /**
     * The operation with every reference replaced by the id its POST created ({@code created}: bulkId to id).
     *
     * @throws ScimException 409 when a referenced POST failed or did not run
     */
    BulkOperation resolve(BulkOperation operation, Map<String, String> created) {
        for (String reference : references.get(operation.index())) {
            if (!created.containsKey(reference)) {
                throw new ScimException(409, null, PREFIX + reference + " cannot be resolved: Operations["
                        + (definitions.get(reference) + 1) + ", which creates it, did not succeed");
            }
        }
        if (references.get(operation.index()).isEmpty()) {
            return operation;
        }
        Function<String, String> replace = text -> replaced(text, created);
        JsonNode data = operation.data() == null ? null : rewrite(operation.data().deepCopy(), replace);
        return new BulkOperation(operation.index(), operation.method(), operation.bulkId(), operation.version(),
                operation.endpoint(), operation.id().map(replace), data);
    }

    /** Kahn's topological sort, always taking the lowest ready index; what never gets ready is circular or behind one. */
    private void plan(int size) {
        List<Set<Integer>> needs = new ArrayList<>();
        List<List<Integer>> neededBy = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Set<Integer> dependencies = new LinkedHashSet<>();
            references.get(i).stream().map(definitions::get).filter(d -> d != null).forEach(dependencies::add);
            needs.add(dependencies);
            neededBy.add(new ArrayList<>());
        }
        int[] waiting = new int[size];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < size; i++) {
            for (int dependency : needs.get(i)) {
                neededBy.get(dependency).add(i);
            }
            waiting[i] = needs.get(i).size();
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] placed = new boolean[size];
        while (!ready.isEmpty()) {
            int next = ready.poll();
            order.add(next);
            placed[next] = true;
            for (int dependent : neededBy.get(next)) {
                if (--waiting[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        for (int i = 0; i < size; i++) {
            if (!placed[i]) {
                order.add(i);
                if (reachesItself(i, needs)) {
                    circular.add(i);
                }
            }
        }
    }

    private static boolean reachesItself(int start, List<Set<Integer>> needs) {
        Deque<Integer> todo = new ArrayDeque<>(needs.get(start));
        Set<Integer> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            int next = todo.pop();
            if (next == start) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(needs.get(next));
            }
        }
        return false;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node.isTextual()) {
            scan(node.textValue(), found);
        }
        node.forEach(child -> collect(child, found));
    }

    /** Each {@code bulkId:ID} in {@code text}; the ID ends at a quote, slash, bracket, comma or white space. */
    private static void scan(String text, Set<String> found) {
        for (int at = text.indexOf(PREFIX); at >= 0; at = text.indexOf(PREFIX, at + 1)) {
            int end = end(text, at + PREFIX.length());
            if (end > at + PREFIX.length()) {
                found.add(text.substring(at + PREFIX.length(), end));
            }
        }
    }

    private static int end(String text, int from) {
        int end = from;
        while (end < text.length() && "\"'/[](){},; \t\r\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private static String replaced(String text, Map<String, String> created) {
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int at = text.indexOf(PREFIX); at >= 0; at = text.indexOf(PREFIX, at + 1)) {
            int end = end(text, at + PREFIX.length());
            String id = created.get(text.substring(at + PREFIX.length(), end));
            if (id != null) {
                out.append(text, copied, at).append(id);
                copied = end;
            }
        }
        return copied == 0 ? text : out.append(text.substring(copied)).toString();
    }

    private static JsonNode rewrite(JsonNode node, Function<String, String> replace) {
        if (node.isTextual()) {
            return TextNode.valueOf(replace.apply(node.textValue()));
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, rewrite(object.get(name), replace)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rewrite(array.get(i), replace));
            }
        }
        return node;
    }
}
