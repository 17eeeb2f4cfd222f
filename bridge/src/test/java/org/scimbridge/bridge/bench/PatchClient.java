package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One sequential SCIM client, as an IdP's provisioning connector is: member add and member remove by PATCH, one at a
 * time, over one kept-alive HTTP/1.1 connection.
 *
 * <p>The URL carries {@code ?excludedAttributes=members}: the response then carries the group without its member list,
 * so a 50,000-member group is not read and rendered after every change. IdPs ignore PATCH response bodies (Entra ID
 * expects 204 No Content anyway), and a connector can ask for this; without it the bridge reads the whole member list
 * for every PATCH, which is not what this benchmark measures.
 */
final class PatchClient {

    private static final String ADD = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],\
            "Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}""";
    private static final String REMOVE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],\
            "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    PatchClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    void addMember(String groupId, String userId) throws IOException, InterruptedException {
        patch(groupId, ADD.formatted(userId));
    }

    void removeMember(String groupId, String userId) throws IOException, InterruptedException {
        patch(groupId, REMOVE.formatted(userId));
    }

    private void patch(String groupId, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/Groups/" + groupId + "?excludedAttributes=members"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json")
                .header("Accept", "application/scim+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 204) {
            throw new IllegalStateException("PATCH /Groups/" + groupId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        if (response.body().contains("\"members\"")) {
            throw new IllegalStateException("the PATCH response lists members despite excludedAttributes=members");
        }
    }
}
