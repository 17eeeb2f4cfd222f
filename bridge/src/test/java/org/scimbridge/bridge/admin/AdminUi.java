package org.scimbridge.bridge.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scimbridge.bridge.auth.TokenAdmin;
import org.scimbridge.bridge.auth.TokenBridge;
import org.scimbridge.bridge.auth.TokenFile;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig;

/** A token bridge with its admin listener on a free loopback port, and a plain HTTP client for the admin pages. */
final class AdminUi implements AutoCloseable {

    static final String ADMIN_SECRET = TokenStore.newSecret();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final TokenBridge bridge;
    private final AdminServer admin;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AdminUi(TokenBridge bridge, AdminServer admin) {
        this.bridge = bridge;
        this.admin = admin;
    }

    static AdminUi start(Path folder) throws Exception {
        TokenBridge bridge = TokenBridge.start(folder, "24h");
        BridgeConfig.Admin config = new BridgeConfig.Admin("127.0.0.1", 0,
                HexFormat.of().parseHex(HexFormat.of().formatHex(TokenStore.sha256(ADMIN_SECRET))), Duration.ofMinutes(15));
        TokenAdmin tokens = new TokenAdmin(TokenFile.at(folder.resolve("tokens.yaml")), folder.resolve("tokens.yaml.last-used"),
                Duration.ofHours(24), Clock.systemUTC());
        AdminServer admin = AdminServer.start(config, tokens, bridge.store(), () -> bridge.reloader().reload("admin UI"));
        return new AdminUi(bridge, admin);
    }

    TokenBridge bridge() {
        return bridge;
    }

    String url() {
        return "http://127.0.0.1:" + admin.port();
    }

    /** Signs in and returns the session cookie ({@code name=value}). */
    String signIn() {
        HttpResponse<String> response = post("/login", null, null, "secret", ADMIN_SECRET);
        if (response.statusCode() != 303) {
            throw new AssertionError("sign-in failed: " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
    }

    /** The CSRF token on the token page of this session. */
    String csrf(String cookie) {
        Matcher m = CSRF.matcher(get("/", cookie).body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the token page");
        }
        return m.group(1);
    }

    HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    /** A form POST; {@code origin} null sends no Origin header. Fields are name, value pairs. */
    HttpResponse<String> post(String path, String cookie, String origin, String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        Optional.ofNullable(cookie).ifPresent(c -> request.header("Cookie", c));
        Optional.ofNullable(origin).ifPresent(o -> request.header("Origin", o));
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        admin.close();
        bridge.close();
    }
}
