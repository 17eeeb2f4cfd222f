package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.config.ResourceMapping;

/**
 * Many clients writing the same resources at once, released together by a barrier. Every test checks the directory's
 * final state, not only the responses: one entry per userName, every attribute change present, no lost member.
 */
public interface ConcurrencyScenarios {

    int THREADS = 16;

    BridgeHarness bridge();

    /** A bridge on the same directory whose users are named by cn, so that the directory's DN check cannot help. */
    BridgeHarness cnNamedBridge();

    /** {@code config/<file>} with users named {@code cn=<displayName>} instead of {@code uid=<userName>}. */
    static MappingConfig cnNamedUsers(String file, String versionAttribute) throws IOException {
        String yaml = Files.readString(Path.of(System.getProperty("config.dir"), file))
                .replaceFirst("(?m)^  rdn: uid$", "  rdn: cn")
                .replace("version: entryCSN", "version: " + versionAttribute);
        return MappingLoader.load(file + " (users named by cn)", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the tasks on {@code THREADS} threads, the first of them released at once; their results in task order. */
    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        int parties = Math.min(THREADS, tasks.size());
        CyclicBarrier start = new CyclicBarrier(parties);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                Callable<T> task = tasks.get(i);
                boolean first = i < parties;
                futures.add(pool.submit(() -> {
                    if (first) {
                        start.await();
                    }
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static List<SearchResultEntry> usersNamed(BridgeHarness bridge, String userName) {
        try {
            return bridge.admin().search(bridge.mapping().users().base().toString(), SearchScope.SUB,
                    Filter.createEqualityFilter("uid", userName), "uid", "cn").getSearchEntries();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response sendIfMatch(BridgeHarness bridge, String method, String path, String body, String etag) {
        return bridge.send(method, path, body, "application/scim+json", "Bearer " + BridgeHarness.TOKEN, "If-Match", etag);
    }

    private static void createsOfOneUserNameGiveOneEntry(BridgeHarness bridge) throws Exception {
        List<String> names = List.of(unique("race-a"), unique("race-b"), unique("race-c"), unique("race-d"));
        List<Callable<Response>> creates = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String userName = names.get(i % names.size());
            // Each attempt has its own displayName, so with users named by cn each would get a DN of its own.
            String body = "{\"userName\":\"" + userName + "\",\"displayName\":\"" + userName + " attempt " + i + "\"}";
            creates.add(() -> bridge.send("POST", "/Users", body));
        }
        List<Response> responses = together(creates);
        Map<String, List<Integer>> statuses = new TreeMap<>();
        for (int i = 0; i < THREADS; i++) {
            Response response = responses.get(i);
            statuses.computeIfAbsent(names.get(i % names.size()), n -> new ArrayList<>()).add(response.status());
            if (response.status() == 409) {
                assertEquals("uniqueness", response.json().path("scimType").asText(), response.body());
            }
        }
        for (String userName : names) {
            List<Integer> sorted = new ArrayList<>(statuses.get(userName));
            sorted.sort(null);
            assertEquals(List.of(201, 409, 409, 409), sorted, userName);
            assertEquals(1, usersNamed(bridge, userName).size(), "entries with uid " + userName);
        }
    }

    @Test
    default void sixteenCreatesOfFourUserNamesGiveOneEntryEach() throws Exception {
        createsOfOneUserNameGiveOneEntry(bridge());
    }

    /** The directory would take two entries uid=x with different cn: the bridge's name lock must keep them apart. */
    @Test
    default void sixteenCreatesOfFourUserNamesGiveOneEntryEachWhenUsersAreNamedByCn() throws Exception {
        createsOfOneUserNameGiveOneEntry(cnNamedBridge());
    }

    @Test
    default void concurrentPatchesOfDifferentAttributesAreAllKept() throws Exception {
        String userName = unique("many-hands");
        Response created = bridge().send("POST", "/Users", """
                {"userName":"%s","displayName":"Many Hands",
                 "name":{"formatted":"Many Hands","givenName":"Many","familyName":"Hands"},
                 "title":"t0","userType":"u0","externalId":"e0","preferredLanguage":"en-US",
                 "emails":[{"type":"work","value":"m0@example.com"}],
                 "phoneNumbers":[{"type":"work","value":"+1 555 0000"},{"type":"mobile","value":"+1 666 0000"}]}
                """.formatted(userName));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        Map<String, String> changes = new TreeMap<>(Map.of("title", "t1", "userType", "u1", "preferredLanguage", "de-DE",
                "name.givenName", "Several", "emails[type eq \"work\"].value", "m1@example.com",
                "phoneNumbers[type eq \"work\"].value", "+1 555 0001", "phoneNumbers[type eq \"mobile\"].value", "+1 666 0001",
                "externalId", "e1"));
        List<Callable<Response>> patches = new ArrayList<>();
        changes.forEach((path, value) -> patches.add(() -> bridge().send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":"
                + "\"replace\",\"path\":\"" + path.replace("\"", "\\\"") + "\",\"value\":\"" + value + "\"}]}")));
        for (Response response : together(patches)) {
            assertEquals(200, response.status(), response.body());
        }
        SearchResultEntry entry = bridge().userEntryById(id).orElseThrow();
        Map<String, String> expected = Map.of("title", "t1", "employeeType", "u1", "preferredLanguage", "de-DE",
                "givenName", "Several", "mail", "m1@example.com", "telephoneNumber", "+1 555 0001", "mobile", "+1 666 0001",
                "employeeNumber", "e1");
        Map<String, List<String>> actual = new HashMap<>();
        expected.keySet().forEach(attribute -> actual.put(attribute, List.of(entry.getAttributeValues(attribute))));
        Map<String, List<String>> wanted = new HashMap<>();
        expected.forEach((attribute, value) -> wanted.put(attribute, List.of(value)));
        assertEquals(wanted, actual);
    }

    /**
     * Without If-Match, concurrent replaces of ONE attribute are last-writer-wins, as for a single writer: each is applied
     * on top of the entry as it is (re-read when another writer's value got there first), none gets a 409, and the entry
     * ends with exactly one of the values.
     */
    @Test
    default void concurrentReplacesOfOneAttributeAllSucceedAndOneValueRemains() throws Exception {
        String userName = unique("same-field");
        Response created = bridge().send("POST", "/Users", """
                {"userName":"%s","name":{"familyName":"Field"},"title":"t0"}""".formatted(userName));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        List<Callable<Response>> patches = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String title = "t" + i;
            patches.add(() -> bridge().send("PATCH", "/Users/" + id,
                    "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"" + title + "\"}]}"));
        }
        for (Response response : together(patches)) {
            assertEquals(200, response.status(), response.body());
        }
        String[] titles = bridge().userEntryById(id).orElseThrow().getAttributeValues("title");
        assertEquals(1, titles.length, List.of(titles).toString());
        assertTrue(titles[0].matches("t[1-8]"), titles[0]);
    }

    /** RFC 7644 section 3.14: of writers holding one version, one wins; no loser's change lands, not even half of it. */
    @Test
    default void ofEightWritersHoldingOneVersionExactlyOneWinsAndNothingIsHalfApplied() throws Exception {
        JsonNode user = bridge().send("POST", "/Users", "{\"userName\":\"" + unique("one-version") + "\",\"title\":\"none\","
                + "\"displayName\":\"none\"}").json();
        String id = user.path("id").asText();
        String etag = user.path("meta").path("version").asText();
        List<Callable<Response>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String tag = "writer-" + i;
            writers.add(() -> sendIfMatch(bridge(), "PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\",\"value\":"
                    + "{\"title\":\"" + tag + "\",\"displayName\":\"" + tag + "\"}}]}", etag));
        }
        List<Response> responses = together(writers);
        List<Integer> statuses = new ArrayList<>(responses.stream().map(Response::status).toList());
        statuses.sort(null);
        assertEquals(List.of(200, 412, 412, 412, 412, 412, 412, 412), statuses, responses.toString());
        int won = responses.stream().map(Response::status).toList().indexOf(200);
        String winner = "writer-" + won;
        SearchResultEntry entry = bridge().userEntryById(id).orElseThrow();
        assertEquals(List.of(winner, winner), List.of(entry.getAttributeValue("title"), entry.getAttributeValue("displayName")));
    }

    @Test
    default void concurrentMemberAddsAndRemovesOfOneGroupEndWithExactlyTheExpectedMembers() throws Exception {
        List<String> leaving = new ArrayList<>();
        List<String> joining = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Response created = bridge().send("POST", "/Users", "{\"userName\":\"" + unique("churn") + "\"}");
            assertEquals(201, created.status(), created.body());
            (i < 12 ? leaving : joining).add(created.json().path("id").asText());
        }
        StringBuilder members = new StringBuilder();
        leaving.forEach(id -> members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}"));
        Response group = bridge().send("POST", "/Groups", "{\"displayName\":\"" + unique("Churn") + "\",\"members\":["
                + members + "]}");
        assertEquals(201, group.status(), group.body());
        String groupId = group.json().path("id").asText();
        List<Callable<Response>> patches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String out = leaving.get(i);
            String in = joining.get(i);
            patches.add(() -> bridge().send("PATCH", "/Groups/" + groupId, "{\"Operations\":[{\"op\":\"remove\",\"path\":"
                    + "\"members[value eq \\\"" + out + "\\\"]\"}]}"));
            patches.add(() -> bridge().send("PATCH", "/Groups/" + groupId, "{\"Operations\":[{\"op\":\"add\","
                    + "\"path\":\"members\",\"value\":[{\"value\":\"" + in + "\"}]}]}"));
        }
        for (Response response : together(patches)) {
            assertEquals(200, response.status(), response.body());
        }
        Set<DN> expected = new TreeSet<>();
        for (String id : joining) {
            expected.add(dn(bridge().userEntryById(id).orElseThrow()));
        }
        assertEquals(expected, realMembers(groupId));
    }

    private Set<DN> realMembers(String groupId) throws LDAPException {
        ResourceMapping groups = bridge().mapping().groups().orElseThrow();
        SearchResultEntry group = bridge().admin().searchForEntry(groups.base().toString(), SearchScope.ONE,
                Filter.createEqualityFilter(groups.idAttribute(), groupId), "member");
        Set<DN> members = new TreeSet<>();
        String[] values = group.getAttributeValues("member");
        for (String value : values == null ? new String[0] : values) {
            members.add(new DN(value));
        }
        members.remove(new DN(GroupScenarios.PLACEHOLDER));
        return members;
    }

    private static DN dn(SearchResultEntry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }
}
