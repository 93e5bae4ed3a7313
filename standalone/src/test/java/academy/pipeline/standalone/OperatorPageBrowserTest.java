package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator page in a real headless Chromium (Debian's chromium and chromium-driver): it shows a recording
 * that failed at notify, and a click on Replay, once the website accepts again, brings it to done, the counts per
 * phase matching the API before and after and the charts drawing the finished recording; the stage strip turns a
 * stage red within seconds when its consumer stops, and a click on it filters the list to what is stuck there.
 * Skipped, saying so, where no Chromium or chromedriver is installed ({@code CHROMIUM_BIN}, {@code CHROMEDRIVER}
 * override the paths).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorPageBrowserTest {

    private static final List<String> PHASES = List.of("queued", "running", "retrying", "failed", "done", "discarded");

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
    @Order(1)
    void operatorSeesTheFailedRecordingClicksReplayAndSeesItCompleteWithCountsAndCharts() throws Exception {
        website.failNext(1, 400);
        String id = upload("browser-lecture.mp4", "Replayed from the page");

        browser.get(pipeline.url("/?interval=300"));
        WebDriverWait wait = pageWait();
        String row = "#recordings tbody tr[data-recording-id='" + id + "']";

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-phase='failed']")));
        assertThat(text(wait, row + " .title")).isEqualTo("Replayed from the page");
        assertThat(text(wait, row + " .stage")).isEqualTo("notify");
        assertThat(text(wait, row + " .state")).startsWith("failed");
        assertThat(text(wait, row + " .error")).contains("HTTP 400");
        assertThat(text(wait, row + " .size")).isEqualTo("488.3 KB");
        assertThat(text(wait, row + " .tries")).isEqualTo("try 1 at notify · 4 in all");
        assertThat(text(wait, row + " .times")).contains("dl ", "ar ", "st ");
        // the failure is waiting for the operator at notify: its tile is red and says why
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#strip .tile[data-stage='notify'][data-red='true']")));
        assertThat(text(wait, "#strip .tile[data-stage='notify']")).contains("1 recording waits in the DLT");
        assertCountsMatchTheApi(wait, 1, 0);

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
        // the error was news while it was the state; now it is history only
        assertThat(text(wait, row + " .error")).isEmpty();
        assertThat(text(wait, row + " .throughput")).endsWith("/s");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .history"), "replayed"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .history"), "HTTP 400"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .message"), "Replay done"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#strip .tile[data-stage='notify'][data-red='false']")));
        assertCountsMatchTheApi(wait, 0, 1);

        // the charts drew the finished recording: bars in the finished chart's colour, stage durations plotted
        wait.until(ExpectedConditions.attributeToBe(By.id("chart-finished"), "data-total", "1"));
        JsonNode charts = json("/charts?window=24h");
        assertThat(sum(charts.get("bytes"))).isEqualTo(3 * 500_000L);
        wait.until(ExpectedConditions.attributeToBe(By.id("chart-bytes"), "data-total", "1500000"));
        wait.until(ExpectedConditions.attributeToBe(By.id("chart-durations"), "data-stages", "download,archive,stream,notify"));
        assertThat(pixelsOfColour("#chart-finished canvas", 0x1a, 0x7f, 0x37)).isGreaterThan(20);
        assertThat(pixelsOfColour("#chart-durations canvas", 0xcf, 0x22, 0x2e)).isGreaterThan(20);

        screenshot("operator-page.png");
        assertThat(website.accepted()).extracting(WebsiteReceiver.Received::idempotencyKey).containsExactly(id);
    }

    @Test
    @Order(2)
    void stageTurnsRedWithinSecondsWhenItsConsumerStopsAndAClickShowsWhatIsStuckThere() throws Exception {
        browser.get(pipeline.url("/?interval=300"));
        WebDriverWait wait = pageWait();
        String stream = "#strip .tile[data-stage='stream']";
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(stream + "[data-red='false']")));
        MessageListenerContainer consumer = pipeline.standalone().context()
                .getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("stage-stream");
        consumer.stop();
        try {
            long stoppedAt = System.nanoTime();
            new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(stream + "[data-red='true']")));
            System.out.printf("stream tile red %d ms after its consumer stopped%n",
                    Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
            assertThat(text(wait, stream + " .consumer")).isEqualTo("stopped");
            assertThat(text(wait, stream)).contains("consumer stopped: recordings.stream");

            String id = upload("stuck-lecture.mp4", "Stuck before stream");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(stream + " .inbox"), "inbox 1"));
            screenshot("operator-page-stage-stopped.png");
            wait.until(driver -> {
                driver.findElement(By.cssSelector(stream)).click();
                return true;
            });
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#filters select[name='state']"), "value", "stuck"));
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#filters select[name='stage']"), "value", "stream"));
            wait.until(driver -> driver.findElements(By.cssSelector("#recordings tbody tr")).stream()
                    .map(tr -> tr.getAttribute("data-recording-id")).toList().equals(List.of(id)));
            assertThat(json("/recordings?state=stuck&stage=stream").get("total").asInt()).isEqualTo(1);
        } finally {
            consumer.start();
        }
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(stream + "[data-red='false']")));
    }

    /** Left in target/ for a person to look at (docs/operator-page.png is one): the page's first screen. */
    private static void screenshot(String name) throws Exception {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every phase's count on the page equals the total the list API gives for it. */
    private void assertCountsMatchTheApi(WebDriverWait wait, int failed, int done) throws Exception {
        assertThat(json("/recordings?state=failed").get("total").asInt()).isEqualTo(failed);
        assertThat(json("/recordings?state=done").get("total").asInt()).isEqualTo(done);
        for (String phase : PHASES) {
            String expected = Integer.toString(json("/recordings?state=" + phase).get("total").asInt());
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#counts a[data-phase='" + phase + "'] .number"), expected));
        }
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = pipeline.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    private static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode value : values) {
            sum += value.asLong();
        }
        return sum;
    }

    /** Pixels of the canvas drawn in about this colour (any opacity): what the chart's series painted. */
    private long pixelsOfColour(String canvas, int red, int green, int blue) {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const c = document.querySelector(arguments[0]);
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 0 && Math.abs(d[i] - arguments[1]) < 12 && Math.abs(d[i + 1] - arguments[2]) < 12
                      && Math.abs(d[i + 2] - arguments[3]) < 12) n++;
                }
                return n;""", canvas, red, green, blue);
        return ((Number) count).longValue();
    }

    /** The page re-renders as it polls, so every look goes through the wait, which retries stale elements. */
    private static WebDriverWait pageWait() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
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
