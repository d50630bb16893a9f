package dev.herald.broker.http;

import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import dev.herald.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser: headless Chromium driven by Selenium. Tagged {@code browser}:
 * the build runs it in the {@code browser-tests} profile (CI turns it on), and it is skipped,
 * with the reason, where no Chromium and chromedriver are on the PATH.
 */
@Tag("browser")
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private HeraldServer server;
    private WebDriver browser;
    private WebDriverWait wait;
    private HeraldClient reader;

    @TempDir
    Path profile;

    @BeforeEach
    void startServerAndBrowser() throws IOException {
        Optional<HeadlessChromium.Programs> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), HeadlessChromium.MISSING);
        server = HeraldServer.builder().port(0).host("127.0.0.1").httpPort(0).build().start();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().browser().toFile());
        options.addArguments(HeadlessChromium.arguments(profile));
        // The driver is the one found on the PATH: Selenium Manager downloads nothing.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.get().driver().toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        browser.get("http://127.0.0.1:" + server.httpAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HeraldClient client(String clientId) {
        HeraldClient c = HeraldClient.builder().host("127.0.0.1").port(server.port()).clientId(clientId).build();
        c.connect();
        return c;
    }

    private static By sessionRow(String clientId) {
        return By.cssSelector("#sessions tbody tr[data-client-id='" + clientId + "']");
    }

    /** Waits until the session's row (redrawn at every refresh) shows all of {@code texts}. */
    private void awaitSessionShowing(String clientId, String... texts) {
        wait.until(d -> {
            List<WebElement> rows = d.findElements(sessionRow(clientId));
            return !rows.isEmpty() && Stream.of(texts).allMatch(rows.getFirst().getText()::contains);
        });
    }

    @Test
    void showsASessionThatAClientOpened() {
        reader = client("reader");
        reader.subscribe("NEWS", m -> { });

        awaitSessionShowing("reader", "online", "NEWS");
        wait.until(ExpectedConditions.textToBe(By.id("f-online"), "1"));
    }

    @Test
    void tailsATopicAndShowsWhatIsPublishedThere() {
        browser.findElement(By.id("tail-topic")).clear();
        browser.findElement(By.id("tail-topic")).sendKeys("NEWS");
        browser.findElement(By.id("tail-start")).click();
        wait.until(ExpectedConditions.textToBe(By.id("tail-state"), "tailing NEWS"));

        reader = client("publisher");
        reader.publish("NEWS", "breaking news from a client");

        WebElement line = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tail-list li")));
        assertTrue(line.getText().endsWith("breaking news from a client"), line.getText());
    }

    @Test
    void publishesFromThePageToASubscriber() {
        reader = client("reader");
        List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        reader.subscribe("WEATHER", m -> got.add(m.payload()));

        browser.findElement(By.id("publish-topic")).clear();
        browser.findElement(By.id("publish-topic")).sendKeys("WEATHER");
        browser.findElement(By.id("publish-payload")).sendKeys("sunny, from the console");
        browser.findElement(By.id("publish-send")).click();

        wait.until(ExpectedConditions.textMatches(By.id("publish-result"), java.util.regex.Pattern.compile("published #\\d+")));
        wait.until(d -> got.contains("sunny, from the console"));
    }

    @Test
    void deletesAnOfflineSessionAfterAConfirmation() throws IOException {
        HeraldClient leaving = client("leaving");
        leaving.subscribe("NEWS", m -> { });
        leaving.disconnect();
        leaving.close();
        reader = client("publisher");
        reader.publish("NEWS", "queued for the one who left");

        awaitSessionShowing("leaving", "offline", "NEWS");
        screenshot();
        // the rows are redrawn every two seconds: find the button again if it went stale
        wait.until(d -> {
            d.findElement(sessionRow("leaving")).findElement(By.cssSelector("button.delete")).click();
            return true;
        });
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertTrue(dialog.getText().contains("Delete session leaving"), dialog.getText());
        browser.findElement(By.id("confirm-yes")).click();

        wait.until(ExpectedConditions.numberOfElementsToBe(sessionRow("leaving"), 0));
        assertEquals(Optional.empty(), server.admin().session("leaving"));
    }

    /** Keeps a picture of the console under target/ (the README shows one). */
    private void screenshot() throws IOException {
        wait.until(d -> !d.findElement(By.id("status")).getText().startsWith("connecting"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "console.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
