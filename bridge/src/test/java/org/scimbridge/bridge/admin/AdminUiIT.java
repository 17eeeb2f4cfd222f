package org.scimbridge.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.auth.TokenBridge;

/** The admin listener over plain HTTP: sign-in, CSRF and Origin checks, headers, and its separation from SCIM. */
class AdminUiIT {

    @TempDir
    Path folder;
    private AdminUi ui;
    private String okta;

    @BeforeEach
    void start() throws Exception {
        ui = AdminUi.start(folder);
        okta = ui.bridge().token("create", "--name", "okta", "--scopes", "read,write").secret();
        TokenBridge.await(() -> ui.bridge().get("/Users?count=1", okta).status() == 200, "okta is accepted");
    }

    @AfterEach
    void stop() {
        ui.close();
    }

    @Test
    void withoutSignInThePageRedirectsToTheLoginAndAPostIsRefused() {
        HttpResponse<String> page = ui.get("/", null);
        assertEquals(303, page.statusCode());
        assertEquals("/login", page.headers().firstValue("location").orElseThrow());

        assertEquals(401, ui.post("/tokens/revoke", null, null, "name", "okta").statusCode());
        assertEquals(200, ui.bridge().get("/Users?count=1", okta).status(), "okta was not revoked");
    }

    @Test
    void aWrongAdminSecretGetsNoSession() {
        HttpResponse<String> response = ui.post("/login", null, null, "secret", "guess");
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("set-cookie").isEmpty());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
        HttpResponse<String> response = ui.post("/login", null, null, "secret", AdminUi.ADMIN_SECRET);
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsForbidden() {
        String cookie = ui.signIn();
        assertEquals(403, ui.post("/tokens/revoke", cookie, null, "name", "okta").statusCode());
        assertEquals(200, ui.bridge().get("/Users?count=1", okta).status(), "okta was not revoked");
    }

    @Test
    void aPostWithAWrongCsrfTokenIsForbidden() {
        String cookie = ui.signIn();
        String other = ui.csrf(ui.signIn());
        assertEquals(403, ui.post("/tokens/revoke", cookie, null, "name", "okta", "csrf", other).statusCode());
        assertEquals(403, ui.post("/tokens", cookie, null, "name", "evil", "scope", "write", "csrf", "x").statusCode());
        assertEquals(200, ui.bridge().get("/Users?count=1", okta).status(), "okta was not revoked");
    }

    @Test
    void aPostFromAnotherOriginIsForbiddenEvenWithTheRightCsrfToken() {
        String cookie = ui.signIn();
        String csrf = ui.csrf(cookie);
        assertEquals(403, ui.post("/tokens/revoke", cookie, "http://evil.example", "name", "okta", "csrf", csrf).statusCode());
        assertEquals(303, ui.post("/tokens/revoke", cookie, ui.url(), "name", "okta", "csrf", csrf).statusCode());
        TokenBridge.await(() -> ui.bridge().get("/Users?count=1", okta).status() == 401, "okta is revoked");
    }

    @Test
    void everyPageForbidsFramingCachingAndScripts() {
        for (HttpResponse<String> page : new HttpResponse[] {ui.get("/login", null), ui.get("/", ui.signIn())}) {
            assertEquals("DENY", page.headers().firstValue("x-frame-options").orElseThrow());
            assertEquals("no-store", page.headers().firstValue("cache-control").orElseThrow());
            String csp = page.headers().firstValue("content-security-policy").orElseThrow();
            assertTrue(csp.startsWith("default-src 'none'; style-src 'unsafe-inline'"), csp);
            assertFalse(page.body().contains("<script"), "no script on the page");
        }
    }

    @Test
    void whatTheUserTypedIsEscapedWhenShownBack() {
        String cookie = ui.signIn();
        HttpResponse<String> response = ui.post("/tokens", cookie, null, "name", "<img src=x onerror=alert(1)>", "scope", "read",
                "csrf", ui.csrf(cookie));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("&lt;img src=x onerror=alert(1)&gt;"), response.body());
        assertFalse(response.body().contains("<img"));
    }

    @Test
    void aTokenCreatedInTheUiWorksAtOnceAndItsSecretIsShownOnce() {
        String cookie = ui.signIn();
        HttpResponse<String> created = ui.post("/tokens", cookie, null, "name", "entra", "scope", "read", "resource", "Groups",
                "expires", "30d", "csrf", ui.csrf(cookie));
        assertEquals(200, created.statusCode());
        String secret = created.body().replaceAll("(?s).*id=\"secret\">([^<]+)<.*", "$1");
        assertEquals(200, ui.bridge().get("/Groups?count=1", secret).status(), "applied without waiting for the watcher");
        assertEquals(403, ui.bridge().get("/Users?count=1", secret).status());
        assertFalse(ui.get("/", cookie).body().contains(secret), "the list never shows a secret");
    }

    @Test
    void theAdminListenerServesNoScimAndTheScimListenerNoAdminPage() {
        // Without a token the SCIM listener would answer 401: 404 means no SCIM route exists here at all.
        assertEquals(404, ui.get("/scim/v2/Users", null).statusCode());
        assertEquals(404, ui.get("/scim/v2/ServiceProviderConfig", null).statusCode());
        String scimRoot = ui.bridge().baseUrl().replace("/scim/v2", "");
        for (String page : new String[] {"/login", "/"}) {
            assertEquals(404, HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(scimRoot + page)).build(),
                    HttpResponse.BodyHandlers.discarding()).join().statusCode(), page);
        }
    }
}
