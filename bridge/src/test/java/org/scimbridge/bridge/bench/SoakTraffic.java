package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The IdP-like traffic of the soak: a weighted mix of the requests Entra ID and Okta send, each timed, its status
 * checked against what that request must answer. One instance is shared by the client threads.
 */
final class SoakTraffic {

    /** The kinds of request and their share of the traffic, in percent. */
    enum Kind {
        FILTER(30), GET(20), PATCH(15), CREATE(8), DEACTIVATE(5), REACTIVATE(5), MEMBER_ADD(7), MEMBER_REMOVE(7), PAGE(3);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind pick(int percent) {
            int sum = 0;
            for (Kind kind : values()) {
                sum += kind.weight;
                if (percent < sum) {
                    return kind;
                }
            }
            return FILTER;
        }
    }

    /** A user the traffic may look up, change and (de)activate: its SCIM id and userName. */
    record User(String id, String userName) {
    }

    private static final String PATCH_OP = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    private final List<User> users;
    private final List<User> outsiders;
    private final List<String> groups;
    private final AtomicInteger created = new AtomicInteger();
    private final Map<Kind, List<Long>> latencies = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicInteger> errors = new EnumMap<>(Kind.class);
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    SoakTraffic(String baseUrl, String token, List<User> users, List<User> outsiders, List<String> groups) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.users = users;
        this.outsiders = outsiders;
        this.groups = groups;
        for (Kind kind : Kind.values()) {
            latencies.put(kind, Collections.synchronizedList(new ArrayList<>()));
            errors.put(kind, new AtomicInteger());
        }
    }

    /** Sends one request of a randomly picked kind and records its latency and whether it answered as it must. */
    void one() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Kind kind = Kind.pick(random.nextInt(100));
        User user = users.get(random.nextInt(users.size()));
        long start = System.nanoTime();
        int status;
        String body = "";
        try {
            HttpResponse<String> response = switch (kind) {
                case FILTER -> send("GET", "/Users?filter=" + enc("userName eq \"" + user.userName() + "\""), null);
                case GET -> send("GET", "/Users/" + user.id(), null);
                case PATCH -> send("PATCH", "/Users/" + user.id(), PATCH_OP
                        + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Soak " + random.nextInt(1_000_000) + "\"}]}");
                case CREATE -> send("POST", "/Users", "{\"userName\":\"soak-" + ProcessHandle.current().pid() + "-"
                        + created.incrementAndGet() + "\",\"name\":{\"givenName\":\"So\",\"familyName\":\"Ak\"}}");
                case DEACTIVATE, REACTIVATE -> send("PATCH", "/Users/" + user.id(), PATCH_OP
                        + "{\"op\":\"replace\",\"path\":\"active\",\"value\":" + (kind == Kind.REACTIVATE) + "}]}");
                case MEMBER_ADD, MEMBER_REMOVE -> {
                    User outsider = outsiders.get(random.nextInt(outsiders.size()));
                    String group = groups.get(random.nextInt(groups.size()));
                    yield send("PATCH", "/Groups/" + group + "?excludedAttributes=members", PATCH_OP + (kind == Kind.MEMBER_ADD
                            ? "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + outsider.id() + "\"}]}]}"
                            : "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + outsider.id() + "\\\"]\"}]}"));
                }
                case PAGE -> send("GET", "/Users?startIndex=" + (1 + random.nextInt(users.size())) + "&count=50"
                        + "&attributes=userName", null);
            };
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            status = -1;
            body = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        latencies.get(kind).add(System.nanoTime() - start);
        int expected = kind == Kind.CREATE ? 201 : 200;
        if (status != expected) {
            errors.get(kind).incrementAndGet();
            if (errorSamples.size() < 20) {
                errorSamples.add(kind + " " + status + " " + body.substring(0, Math.min(300, body.length())));
            }
        }
    }

    Map<Kind, List<Long>> latencies() {
        return latencies;
    }

    int errors(Kind kind) {
        return errors.get(kind).get();
    }

    List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json");
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
