package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator page in a real headless Chromium (Debian's chromium and chromium-driver): it shows a recording
 * that failed at notify, and a click on Replay, once the website accepts again, brings it to done.
 * Skipped, saying so, where no Chromium or chromedriver is installed ({@code CHROMIUM_BIN}, {@code CHROMEDRIVER}
 * override the paths).
 */
class OperatorPageBrowserTest {

    private static final String SECRET = "website-secret";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static StandaloneHarness pipeline;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no headless browser here: install Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + ") to run the operator page test");
        website = WebsiteReceiver.start(SECRET);
        pipeline = new StandaloneHarness(dataDir,
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + SECRET).start();
        browser = chromium(dataDir.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (website != null) {
            website.close();
        }
    }

    @Test
    void operatorSeesTheFailedRecordingClicksReplayAndSeesItComplete() throws Exception {
        website.failNext(1, 400);
        String id = upload("browser-lecture.mp4", "Replayed from the page");

        browser.get(pipeline.url("/?interval=300"));
        // The page re-renders as it polls, so every look goes through the wait, which retries stale elements.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        String row = "#recordings tbody tr[data-recording-id='" + id + "']";

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-phase='failed']")));
        assertThat(text(wait, row + " .title")).isEqualTo("Replayed from the page");
        assertThat(text(wait, row + " .stage")).isEqualTo("notify");
        assertThat(text(wait, row + " .state")).startsWith("failed");
        assertThat(text(wait, row + " .error")).contains("HTTP 400");

        wait.until(driver -> {
            driver.findElement(By.cssSelector(row)).click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(By.id("detail"), "data-recording-id", id));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .history"), "dead-lettered"));
        assertThat(browser.findElement(By.cssSelector("#detail .discard")).isEnabled()).isTrue();

        browser.findElement(By.cssSelector("#detail .replay")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-phase='done']")));
        assertThat(text(wait, row + " .state")).startsWith("done");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .history"), "replayed"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .message"), "Replay done"));
        // Left for a person to look at: what the operator saw at the end.
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", "operator-page.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(website.accepted()).extracting(WebsiteReceiver.Received::idempotencyKey).containsExactly(id);
    }

    private static String text(WebDriverWait wait, String css) {
        return wait.until(driver -> driver.findElement(By.cssSelector(css)).getText());
    }

    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private String upload(String fileName, String title) throws Exception {
        Path source = TestFiles.random(dataDir.resolve("incoming").resolve(fileName), 500_000, 11);
        HttpResponse<String> response = pipeline.postJson("/custom-upload",
                "{\"path\":\"" + source + "\",\"title\":\"" + title + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
    }
}
