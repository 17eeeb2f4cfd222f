package org.scimbridge.bridge.observe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HttpException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.mapping.ScimException;

/**
 * Times every HTTP request by resource type, method and status. The resource label comes from a fixed list (a raw path
 * holds ids and would make one series per user), so the label set stays bounded whatever clients send. Probes and
 * scrapes ({@code /health}, {@code /metrics}) are not counted: they would drown the SCIM traffic.
 */
public final class HttpMetrics implements Filter {

    /** Latency buckets from half a millisecond (a cached read) to ten seconds (a directory time-out). */
    static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};
    static final String REQUESTS = "scim_bridge_http_requests";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** RFC 7644 section 4: the discovery endpoints. */
    private static final List<String> DISCOVERY = List.of("ServiceProviderConfig", "Schemas", "ResourceTypes");

    private final MeterRegistry registry;
    /** resource + method + status (e.g. "Users GET 200") to its timer; a small, bounded map. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String resource = resource(req.path().path());
        if (resource == null) {
            chain.proceed();
            return;
        }
        long start = System.nanoTime();
        int status = 500;
        try {
            chain.proceed();
            status = res.status().code();
        } catch (ScimException e) {
            status = e.status(); // the error handler turns it into this status after the filters ran
            throw e;
        } catch (HttpException e) {
            status = e.status().code();
            throw e;
        } finally {
            record(resource, method(req.prologue().method().text()), status, System.nanoTime() - start);
        }
    }

    private void record(String resource, String method, int status, long nanos) {
        String key = resource + ' ' + method + ' ' + status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder(REQUESTS)
                    .description("HTTP requests by SCIM resource type, method and status, with their latency")
                    .tags("resource", resource, "method", method, "status", Integer.toString(status))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The label for a path, or null for the probe and scrape endpoints. */
    static String resource(String path) {
        if (path.startsWith("/health") || path.startsWith("/metrics")) {
            return null;
        }
        if (!path.startsWith(BaseUrl.SCIM_PATH + "/")) {
            return "other";
        }
        int from = BaseUrl.SCIM_PATH.length() + 1;
        int end = path.indexOf('/', from);
        String first = path.substring(from, end < 0 ? path.length() : end);
        return switch (first) {
            case "Users", "Groups", "Bulk", "Me" -> first;
            case ".search" -> "search";
            default -> DISCOVERY.contains(first) ? "discovery" : "other";
        };
    }

    private static String method(String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        return METHODS.contains(upper) ? upper : "other";
    }
}
