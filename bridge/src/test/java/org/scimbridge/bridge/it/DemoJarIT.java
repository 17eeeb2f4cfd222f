package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * README's first command, as a user runs it: the packaged {@code scim-bridge.jar demo} in its own JVM, driven over HTTP
 * the way the README's curl walkthrough does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process demo;
    private String url;
    private String token;
    private final List<String> output = new ArrayList<>();

    @BeforeAll
    void startDemo() throws Exception {
        Path jar = Path.of("target", "scim-bridge.jar");
        assertTrue(Files.isRegularFile(jar), "mvn package builds " + jar.toAbsolutePath());
        String java = ProcessHandle.current().info().command().orElse("java");
        demo = new ProcessBuilder(java, "-jar", jar.toString(), "demo", "--port", "0").redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((url == null || token == null) && System.nanoTime() < deadline) {
            String line = lines.readLine();
            if (line == null) {
                break;
            }
            output.add(line);
            if (line.startsWith("url: ")) {
                url = line.substring(5).strip();
            } else if (line.startsWith("token: ")) {
                token = line.substring(7).strip();
            }
        }
        assertTrue(url != null && token != null, "the demo prints url: and token: lines; it printed " + output);
        Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "demo-output");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    void stopDemo() throws Exception {
        if (demo != null) {
            demo.destroy(); // SIGTERM, as Ctrl+C or systemd would
            assertTrue(demo.waitFor(20, TimeUnit.SECONDS), "the demo stops on SIGTERM");
        }
    }

    private HttpResponse<String> call(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/scim+json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoListensOnLoopbackWithARandomToken() {
        assertTrue(url.startsWith("http://127.0.0.1:"), url);
        assertTrue(token.length() >= 40, "a random 256-bit token, not a fixed one: " + token);
    }

    @Test
    void listsAndFiltersTheSeededCompany() throws Exception {
        JsonNode all = JSON.readTree(call("GET", "/Users?count=100", null, token).body());
        assertEquals(50, all.path("totalResults").asInt());
        JsonNode ada = JSON.readTree(call("GET", "/Users?filter=userName%20eq%20%22alovelace%22", null, token).body());
        assertEquals(1, ada.path("totalResults").asInt());
        assertEquals("Ada Lovelace", ada.path("Resources").path(0).path("displayName").asText());
        assertEquals(401, call("GET", "/Users", null, null).statusCode());
    }

    @Test
    void createGetReplaceDeleteRoundTrip() throws Exception {
        HttpResponse<String> created = call("POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen",
                 "name":{"givenName":"Barbara","familyName":"Jensen"},"emails":[{"value":"bjensen@example.com","type":"work"}]}
                """, token);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = JSON.readTree(created.body()).path("id").asText();
        assertEquals(url + "/Users/" + id, location);
        assertEquals(200, call("GET", "/Users/" + id, null, token).statusCode());
        HttpResponse<String> replaced = call("PUT", "/Users/" + id,
                "{\"userName\":\"bjensen\",\"name\":{\"givenName\":\"Babs\",\"familyName\":\"Jensen\"},\"title\":\"Tour Guide\"}", token);
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("Tour Guide", JSON.readTree(replaced.body()).path("title").asText());
        assertFalse(JSON.readTree(replaced.body()).has("emails"), "PUT replaces: the omitted email is gone");
        assertEquals(204, call("DELETE", "/Users/" + id, null, token).statusCode());
        assertEquals(404, call("GET", "/Users/" + id, null, token).statusCode());
    }

    @Test
    void cliRejectsUnknownOptionsWithUsage() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process bad = new ProcessBuilder(java, "-jar", "target/scim-bridge.jar", "demo", "--prot", "1")
                .redirectErrorStream(true).start();
        String text = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), text);
        assertTrue(text.contains("unknown option --prot"), text);
    }
}
