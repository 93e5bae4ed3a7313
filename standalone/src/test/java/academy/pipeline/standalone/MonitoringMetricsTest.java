package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.standalone.deploy.Repository;
import academy.pipeline.standalone.monitoring.PromQl;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboard ({@code ops/grafana/pipeline.json}) and the alert rules
 * ({@code ops/prometheus/rules.yml}) query exists in the standalone's {@code /actuator/prometheus}, once a
 * recording went through with a retry and another was dead-lettered (the step counters appear with their first
 * try); and the stage gauges the alerts use say what the pipeline is doing.
 */
class MonitoringMetricsTest {

    private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static StandaloneHarness pipeline;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start("website-secret");
        pipeline = new StandaloneHarness(dataDir,
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=website-secret",
                "--pipeline.stages.notify.retry-delays=1s").start();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (website != null) {
            website.close();
        }
    }

    @Test
    void everyMetricOfTheDashboardAndTheAlertsExistsInThePrometheusEndpoint() throws Exception {
        website.failNext(1, 503);
        String retried = upload("retried.mp4");
        awaitPhase(retried, "done");
        website.failNext(1, 400);
        String failed = upload("failed.mp4");
        awaitPhase(failed, "failed");

        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = EventCodec.mapper().readTree(Files.readString(Repository.root().resolve("ops/grafana/pipeline.json")));
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queried.addAll(PromQl.metrics(target.get("expr").asString()));
            }
        }
        Matcher rules = EXPR.matcher(Files.readString(Repository.root().resolve("ops/prometheus/rules.yml")));
        while (rules.find()) {
            queried.addAll(PromQl.metrics(rules.group(1)));
        }
        assertThat(queried).as("metrics the dashboard and the rules query").contains("pipeline_stage_consumer_up",
                "pipeline_queue_depth", "pipeline_spool_free_bytes", "pipeline_zoom_webhooks_refused_total",
                "pipeline_step_retries_total");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exposed = exposedMetrics();
            assertThat(queried).allSatisfy(metric -> assertThat(exposed).as("exposed metrics").contains(metric));
        });
        // and they tell the truth: all four consumers up, the dead-lettered recording waits at notify
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = pipeline.get("/actuator/prometheus").body();
            for (String stage : new String[]{"download", "archive", "stream", "notify"}) {
                assertThat(metrics).contains("pipeline_stage_consumer_up{stage=\"" + stage + "\"} 1.0");
            }
            assertThat(metrics).contains("pipeline_stage_failed_recordings{stage=\"notify\"} 1.0",
                    "pipeline_stage_failed_recordings{stage=\"stream\"} 0.0",
                    "pipeline_queue_depth{queue=\"dlt\",stage=\"notify\"} 1.0",
                    "pipeline_recordings{phase=\"done\"} 1.0");
        });
    }

    private static Set<String> exposedMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String line : pipeline.get("/actuator/prometheus").body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static void awaitPhase(String id, String phase) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                EventCodec.mapper().readTree(pipeline.get("/recordings/" + id).body()).get("phase").asString())
                .isEqualTo(phase));
    }

    private static String upload(String fileName) throws Exception {
        Path source = TestFiles.random(dataDir.resolve("incoming").resolve(fileName), 200_000, 7);
        HttpResponse<String> response = pipeline.postJson("/custom-upload", "{\"path\":\"" + source + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
    }
}
