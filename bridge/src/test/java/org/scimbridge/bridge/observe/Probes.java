package org.scimbridge.bridge.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/** Calls the bridge's endpoints outside {@code /scim/v2} as a load balancer or Prometheus would: no token. */
public final class Probes {

    private final String root;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Probes(BridgeHarness bridge) {
        this.root = bridge.baseUrl().substring(0, bridge.baseUrl().length() - BaseUrl.SCIM_PATH.length());
    }

    public Response get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Scrape scrape() {
        Response metrics = get("/metrics");
        if (metrics.status() != 200) {
            throw new AssertionError("/metrics answered " + metrics.status() + ": " + metrics.body());
        }
        return Scrape.parse(metrics.body());
    }
}
