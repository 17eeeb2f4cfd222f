package org.scimbridge.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.scimbridge.bridge.auth.TokenBridge;

/**
 * The token management UI in a real headless Chromium (Debian's chromium and chromium-driver): sign in, create a token
 * and use its one-time secret against SCIM, rotate, revoke. Leaves a screenshot in target/screenshots/token-ui.png.
 * The browser and driver are the system's; Selenium Manager is never asked to download one.
 */
class TokenUiBrowserIT {

    private static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "target", "screenshots", "token-ui.png");

    @TempDir
    Path folder;
    private AdminUi ui;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        ui = AdminUi.start(folder);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // CI runs as root, where Chromium's sandbox cannot start; /dev/shm is small in containers.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(folder.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        ui.close();
    }

    @Test
    void signInCreateUseRotateAndRevokeATokenInTheBrowser() throws Exception {
        browser.get(ui.url() + "/");
        wait.until(ExpectedConditions.urlToBe(ui.url() + "/login"));
        browser.findElement(By.id("secret")).sendKeys(AdminUi.ADMIN_SECRET);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("create")));

        browser.findElement(By.id("name")).sendKeys("okta-ui");
        browser.findElement(By.id("create-button")).click();
        String secret = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("secret"))).getText().strip();
        assertEquals(200, ui.bridge().get("/Users?count=1", secret).status(), "the one-time secret works against SCIM");

        browser.findElement(By.id("back")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rotate-okta-ui"))).click();
        String rotated = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("secret"))).getText().strip();
        assertNotEquals(secret, rotated);
        assertEquals(200, ui.bridge().get("/Users?count=1", rotated).status(), "the new secret works");
        assertEquals(200, ui.bridge().get("/Users?count=1", secret).status(), "the old one too, during the overlap");

        browser.findElement(By.id("back")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token-okta-ui")));
        Files.createDirectories(SCREENSHOT.getParent());
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);

        browser.findElement(By.id("revoke-okta-ui")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("create")));
        assertTrue(browser.findElements(By.id("token-okta-ui")).isEmpty(), "the revoked token is gone from the list");
        TokenBridge.await(() -> ui.bridge().get("/Users?count=1", rotated).status() == 401, "the revoked secret is refused");
        assertEquals(401, ui.bridge().get("/Users?count=1", secret).status(), "its previous secret as well");

        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot was kept");
    }
}
