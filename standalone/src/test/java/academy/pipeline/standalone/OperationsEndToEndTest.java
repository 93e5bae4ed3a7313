package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operating the real standalone pipeline: status that survives a restart, replay after a dead letter,
 * refusals, discard, the list's filters, and the actuator's health and metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsEndToEndTest {

    private static final String SECRET = "website-secret";

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static StandaloneHarness pipeline;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(SECRET);
        pipeline = new StandaloneHarness(dataDir,
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + SECRET,
                "--pipeline.gateway.admin-token=operator-token",
                "--pipeline.operations.lag-refresh=0s").start();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        website.close();
    }

    @Test
    @Order(1)
    void deadLetteredRecordingKeepsItsStatusOverARestartAndCompletesWhenReplayedAfterTheFix() throws Exception {
        website.failNext(1, 400);
        String id = upload("lecture-dlt.mp4", "Failing notify");

        JsonNode failed = awaitPhase(id, "failed");
        assertThat(failed.get("stage").asString()).isEqualTo("notify");
        assertThat(failed.get("state").asString()).isEqualTo("dead-lettered");
        assertThat(failed.get("lastError").asString()).contains("400");
        assertThat(outcomes(failed)).containsExactly("download:succeeded", "archive:succeeded", "stream:succeeded",
                "notify:dead-lettered");
        assertThat(failed.get("inputs").get("notify").get("stream")).isNotNull();
        assertThat(spool(id)).exists();

        pipeline.stop();
        pipeline.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode afterRestart = status(id);
            assertThat(afterRestart.get("phase").asString()).isEqualTo("failed");
            assertThat(outcomes(afterRestart)).isEqualTo(outcomes(failed));
            assertThat(afterRestart.get("acceptedAt").asString()).isEqualTo(failed.get("acceptedAt").asString());
            assertThat(afterRestart.get("history").size()).isEqualTo(failed.get("history").size());
        });

        HttpResponse<String> replay = pipeline.post("/recordings/" + id + "/replay");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        assertThat(json(replay.body()).get("stage").asString()).isEqualTo("notify");
        assertThat(json(replay.body()).get("topic").asString()).isEqualTo("recordings.notify");

        JsonNode done = awaitPhase(id, "done");
        assertThat(website.accepted()).extracting(WebsiteReceiver.Received::idempotencyKey).containsExactly(id);
        assertThat(transitions(done)).contains("notify:replayed").endsWith("notify:succeeded");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(spool(id)));
    }

    @Test
    @Order(2)
    void replayWhileTheRecordingRunsIsRefusedWith409() throws Exception {
        website.holdRequests();
        String id;
        try {
            id = upload("lecture-held.mp4", "Held at notify");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode running = status(id);
                assertThat(running.get("phase").asString()).isEqualTo("running");
                assertThat(running.get("stage").asString()).isEqualTo("notify");
            });
            HttpResponse<String> replay = pipeline.post("/recordings/" + id + "/replay?stage=notify");
            assertThat(replay.statusCode()).isEqualTo(409);
            assertThat(json(replay.body()).get("error").asString()).isEqualTo("recording_running");
        } finally {
            website.release();
        }
        awaitPhase(id, "done");
        assertThat(transitions(status(id))).doesNotContain("notify:replayed");
    }

    @Test
    @Order(3)
    void discardDeletesTheSpoolOfADeadLetteredRecordingAndRefusesOthers() throws Exception {
        website.failNext(1, 422);
        String id = upload("lecture-discard.mp4", "To discard");
        awaitPhase(id, "failed");
        assertThat(spool(id)).exists();

        HttpResponse<String> discard = pipeline.post("/recordings/" + id + "/discard");

        assertThat(discard.statusCode()).as(discard.body()).isEqualTo(200);
        assertThat(json(discard.body()).get("phase").asString()).isEqualTo("discarded");
        assertThat(spool(id)).doesNotExist();
        assertThat(status(id).get("state").asString()).isEqualTo("discarded");

        String done = pipeline.get("/recordings?state=done&size=1").body();
        String doneId = json(done).get("recordings").get(0).get("recordingId").asString();
        HttpResponse<String> refused = pipeline.post("/recordings/" + doneId + "/discard");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(pipeline.post("/recordings/no-such-recording/replay").statusCode()).isEqualTo(404);
        assertThat(pipeline.post("/recordings/" + doneId + "/replay?stage=upload").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void listFiltersByStateAndSourceNewestFirstAndPages() throws Exception {
        JsonNode all = json(pipeline.get("/recordings").body());
        assertThat(all.get("total").asInt()).isEqualTo(3);
        List<String> accepted = new ArrayList<>();
        all.get("recordings").forEach(r -> accepted.add(r.get("acceptedAt").asString()));
        assertThat(accepted).isSortedAccordingTo((a, b) -> java.time.Instant.parse(b).compareTo(java.time.Instant.parse(a)));

        JsonNode done = json(pipeline.get("/recordings?state=done&source=custom").body());
        assertThat(done.get("total").asInt()).isEqualTo(2);
        done.get("recordings").forEach(r -> assertThat(r.get("phase").asString()).isEqualTo("done"));
        assertThat(json(pipeline.get("/recordings?state=discarded").body()).get("total").asInt()).isEqualTo(1);
        assertThat(json(pipeline.get("/recordings?source=zoom").body()).get("total").asInt()).isZero();

        JsonNode second = json(pipeline.get("/recordings?page=1&size=2").body());
        assertThat(second.get("recordings").size()).isEqualTo(1);
        assertThat(second.get("recordings").get(0).get("recordingId").asString())
                .isEqualTo(all.get("recordings").get(2).get("recordingId").asString());
        assertThat(pipeline.get("/recordings?size=1000").statusCode()).isEqualTo(400);
        assertThat(pipeline.get("/recordings?source=fax").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void actuatorReportsKafkaReadinessAndStageMetrics() throws Exception {
        JsonNode health = json(pipeline.get("/actuator/health").body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        HttpResponse<String> readiness = pipeline.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness.body()).get("components").has("kafka")).isTrue();

        // Counted since the restart: the replayed notify, the held recording, and the discarded one.
        String metrics = pipeline.get("/actuator/prometheus").body();
        assertThat(metrics).contains("pipeline_step_duration_seconds_count{outcome=\"succeeded\",stage=\"archive\"} 2\n");
        assertThat(metrics).contains("pipeline_step_duration_seconds_count{outcome=\"dead-lettered\",stage=\"notify\"} 1\n");
        assertThat(metrics).contains("pipeline_step_dead_letters_total{stage=\"notify\"} 1.0\n");
        assertThat(metrics).contains("pipeline_step_succeeded_total{stage=\"notify\"} 2.0\n");
        assertThat(metrics).contains("pipeline_step_transferred_bytes_total{stage=\"download\"} 2000000.0\n");
        // The first lag query may also wait for the group coordinator; the gauge says NaN until it answers.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pipeline.get("/actuator/prometheus").body())
                .contains("pipeline_stage_waiting{stage=\"download\"} 0.0\n")
                .contains("pipeline_stage_waiting{stage=\"notify\"} 0.0\n"));
    }

    @Test
    @Order(6)
    void theBannerNamesBothPortsAndEachServesOnlyItsOwnPaths() throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        pipeline.standalone().printWhereItIs(new PrintStream(banner, true, StandardCharsets.UTF_8));
        String publicUrl = "http://localhost:" + pipeline.standalone().port();
        assertThat(banner.toString(StandardCharsets.UTF_8)).contains(publicUrl).contains(pipeline.operatorUrl() + "/");

        HttpResponse<String> liveness = RunningPipeline.HTTP.send(HttpRequest.newBuilder(URI.create(publicUrl + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
        for (String path : List.of("/recordings", "/actuator/prometheus", "/")) {
            HttpResponse<String> onPublic = RunningPipeline.HTTP.send(HttpRequest.newBuilder(URI.create(publicUrl + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(onPublic.statusCode()).as("%s on the public port", path).isEqualTo(404);
            assertThat(pipeline.get(path).statusCode()).as("%s on the operator port", path).isEqualTo(200);
        }
    }

    private String upload(String fileName, String title) throws Exception {
        Path source = TestFiles.random(dataDir.resolve("incoming").resolve(fileName), 1_000_000, fileName.hashCode());
        HttpResponse<String> response = pipeline.postJson("/custom-upload",
                "{\"path\":\"" + source + "\",\"title\":\"" + title + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("recordingId").asString();
    }

    private JsonNode awaitPhase(String id, String phase) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            last[0] = status(id);
            assertThat(last[0].get("phase").asString()).isEqualTo(phase);
        });
        return last[0];
    }

    private JsonNode status(String id) throws Exception {
        HttpResponse<String> response = pipeline.get("/recordings/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static List<String> outcomes(JsonNode status) {
        List<String> outcomes = new ArrayList<>();
        status.get("attempts").forEach(a -> outcomes.add(a.get("stage").asString() + ":" + a.get("outcome").asString()));
        return outcomes;
    }

    private static List<String> transitions(JsonNode status) {
        List<String> transitions = new ArrayList<>();
        status.get("history").forEach(h -> transitions.add(h.get("stage").asString() + ":" + h.get("transition").asString()));
        return transitions;
    }

    private static Path spool(String id) {
        return dataDir.resolve("spool").resolve(id);
    }

    private static JsonNode json(String body) {
        return EventCodec.mapper().readTree(body);
    }
}
