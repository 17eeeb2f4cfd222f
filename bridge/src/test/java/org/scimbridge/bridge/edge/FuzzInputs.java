package org.scimbridge.bridge.edge;

import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seeded generators of SCIM filters, PATCH bodies, resource bodies and query strings: grammatical most of the time, so
 * requests get past the parsers into the mapping and the directory, then mutated at random, so the parsers see hostile
 * text too. The same seed gives the same sequence.
 */
final class FuzzInputs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> PATHS = List.of("userName", "displayName", "externalId", "name.givenName",
            "name.familyName", "name.formatted", "title", "userType", "preferredLanguage", "active", "emails",
            "emails.value", "emails.type", "phoneNumbers", "phoneNumbers.value", "addresses.locality", "id", "meta.created",
            "meta.lastModified", "groups", "members", "members.value", "password", "nickName", "x", "",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:bogus:schema:attr");
    private static final List<String> WRITABLE = List.of("userName", "displayName", "externalId", "name.givenName",
            "name.familyName", "title", "userType", "preferredLanguage", "active", "emails[type eq \"work\"].value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
    private static final List<String> OPERATORS = List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Sw");
    private static final List<String> OPS = List.of("add", "replace", "remove", "Add", "REPLACE", "Remove", "move", "");
    private static final String HOSTILE = "()[]{}\"\\*=,+#<>;!&|~ \t\n./%\0\u00e9\u4e2d\ud83d\ude00'`$";

    private final Random random;
    private final String namespace;

    FuzzInputs(long seed, String namespace) {
        this.random = new Random(seed);
        this.namespace = namespace;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A filter: a random expression, mutated a fifth of the time. */
    String filter() {
        String filter = expression(0);
        return chance(20) ? mutate(filter) : filter;
    }

    private String expression(int depth) {
        int kind = depth > 3 ? random.nextInt(3) : random.nextInt(8);
        return switch (kind) {
            case 0, 1 -> pick(PATHS) + " " + pick(OPERATORS) + " " + literal();
            case 2 -> pick(PATHS) + " pr";
            case 3 -> expression(depth + 1) + " and " + expression(depth + 1);
            case 4 -> expression(depth + 1) + " or " + expression(depth + 1);
            case 5 -> "not (" + expression(depth + 1) + ")";
            case 6 -> "(" + expression(depth + 1) + ")";
            default -> pick(List.of("emails", "phoneNumbers", "members", "addresses")) + "[" + expression(depth + 1) + "]";
        };
    }

    /** A filter literal: strings with hostile characters, numbers, booleans, null, dates, or something malformed. */
    private String literal() {
        return switch (random.nextInt(8)) {
            case 0 -> "true";
            case 1 -> "null";
            case 2 -> Integer.toString(random.nextInt(2000) - 1000);
            case 3 -> "\"2024-0" + (1 + random.nextInt(9)) + "-01T00:00:00Z\"";
            case 4 -> "\"" + namespace + "\"";
            case 5 -> text(12).replace("\\", "\\\\").replace("\"", "\\\"");
            default -> "\"" + text(10).replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\u0000") + "\"";
        };
    }

    /** A short string of letters and hostile characters. */
    String text(int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(chance(40) ? HOSTILE.charAt(random.nextInt(HOSTILE.length())) : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** A user for POST or PUT: mostly well-typed, sometimes with wrong types or unknown attributes. */
    ObjectNode user() {
        ObjectNode user = NODES.objectNode();
        if (chance(90)) {
            user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        }
        if (chance(95)) {
            user.set("userName", chance(85) ? NODES.textNode(namespace + "-" + text(8)) : value(0));
        }
        ObjectNode name = user.putObject("name");
        name.set("givenName", chance(80) ? NODES.textNode(text(10) + "g") : value(0));
        name.set("familyName", chance(80) ? NODES.textNode(text(10) + "f") : value(0));
        for (String attribute : List.of("displayName", "externalId", "title", "userType", "nickName", "active", "emails")) {
            if (chance(30)) {
                user.set(attribute, attribute.equals("emails") ? emails() : chance(70) && !attribute.equals("active")
                        ? NODES.textNode(text(12) + "v") : value(0));
            }
        }
        return user;
    }

    private ArrayNode emails() {
        ArrayNode emails = NODES.arrayNode();
        for (int i = random.nextInt(3); i >= 0; i--) {
            emails.addObject().put("type", pick(List.of("work", "home", "other"))).put("value", text(6) + "@example.com")
                    .put("primary", chance(50));
        }
        return emails;
    }

    /** A PATCH body with one to a few operations. */
    ObjectNode patch() {
        ObjectNode body = NODES.objectNode();
        if (chance(90)) {
            body.putArray("schemas").add(chance(95) ? "urn:ietf:params:scim:api:messages:2.0:PatchOp" : "urn:x");
        }
        ArrayNode operations = body.putArray(chance(95) ? "Operations" : "operations");
        for (int i = random.nextInt(4); i >= 0; i--) {
            ObjectNode operation = operations.addObject();
            if (chance(60)) {
                saneOperation(operation);
                continue;
            }
            operation.put("op", pick(OPS));
            if (chance(75)) {
                String path = chance(20) ? pick(PATHS) + "[" + expression(2) + "]" : pick(PATHS);
                operation.put("path", chance(10) ? mutate(path) : path);
            }
            if (chance(85)) {
                operation.set("value", chance(30) ? user() : value(0));
            }
        }
        return body;
    }

    /** An operation the bridge should accept, so that requests reach the directory and the write paths. */
    private void saneOperation(ObjectNode operation) {
        String path = pick(WRITABLE);
        operation.put("op", pick(List.of("add", "replace", "remove", "replace")));
        if (!operation.get("op").asText().equals("remove") || chance(50)) {
            operation.put("path", path);
        }
        if (!operation.get("op").asText().equals("remove")) {
            operation.put("value", path.equals("active") ? NODES.booleanNode(random.nextBoolean())
                    : NODES.textNode(path.equals("userName") ? namespace + "-" + text(6) : text(10) + "z"));
        }
    }

    /** Any JSON value, nested a little. */
    JsonNode value(int depth) {
        return switch (depth > 2 ? random.nextInt(5) : random.nextInt(8)) {
            case 0 -> NODES.textNode(text(16));
            case 1 -> NODES.numberNode(random.nextInt(100_000) - 50_000);
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    array.add(value(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    object.set(chance(50) ? pick(PATHS) : text(6), value(depth + 1));
                }
                yield object;
            }
        };
    }

    /** Query parameters of a list request. */
    String query() {
        StringBuilder query = new StringBuilder("?");
        if (chance(70)) {
            query.append("filter=").append(ScimAssertions.enc(filter())).append('&');
        }
        if (chance(30)) {
            query.append("startIndex=").append(pick(List.of("1", "0", "-5", "2", "99999999999", "x", ""))).append('&');
        }
        if (chance(40)) {
            query.append("count=").append(pick(List.of("0", "1", "5", "-1", "100000", "1e3", ""))).append('&');
        }
        if (chance(20)) {
            query.append(chance(50) ? "attributes=" : "excludedAttributes=").append(ScimAssertions.enc(pick(PATHS))).append('&');
        }
        if (chance(20)) {
            query.append("sortBy=").append(ScimAssertions.enc(pick(PATHS))).append("&sortOrder=")
                    .append(pick(List.of("ascending", "descending", "sideways"))).append('&');
        }
        return query.substring(0, query.length() - 1);
    }

    /** Text with characters deleted, duplicated, swapped or replaced by hostile ones, or cut short. */
    String mutate(String text) {
        StringBuilder mutated = new StringBuilder(text);
        for (int i = 1 + random.nextInt(3); i > 0 && !mutated.isEmpty(); i--) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(5)) {
                case 0 -> mutated.deleteCharAt(at);
                case 1 -> mutated.insert(at, HOSTILE.charAt(random.nextInt(HOSTILE.length())));
                case 2 -> mutated.insert(at, mutated.charAt(at));
                case 3 -> mutated.setCharAt(at, HOSTILE.charAt(random.nextInt(HOSTILE.length())));
                default -> mutated.setLength(at);
            }
        }
        return mutated.toString();
    }
}
