package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One custom upload through a running standalone pipeline, whatever broker it runs on: the operator posts a file
 * path, and the file must come out archived, streamed, announced to the website with a valid signature, with the
 * spool emptied and the status view at "notify succeeded". Shared by the end-to-end tests so every set-up (embedded
 * broker, broker in a container, the compose services as processes) proves exactly the same behaviour.
 */
final class CustomUploadScenario {

    static final String WEBSITE_SECRET = "website-secret";

    private final RunningPipeline pipeline;
    private final WebsiteReceiver website;

    CustomUploadScenario(RunningPipeline pipeline, WebsiteReceiver website) {
        this.pipeline = pipeline;
        this.website = website;
    }

    /** The pipeline arguments that point stage-notify at {@code website} with the scenario's secret. */
    static String[] websiteArgs(WebsiteReceiver website) {
        return new String[]{
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + WEBSITE_SECRET};
    }

    /** Runs the scenario and asserts every outcome; the website must have received nothing before. */
    void customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied() throws Exception {
        Path dataDir = pipeline.dataDir();
        Path source = TestFiles.random(dataDir.resolve("incoming/lecture 1.mp4"), 3_000_000, 7);
        String sha1 = TestFiles.sha1(source);

        HttpResponse<String> response = pipeline.postJson("/custom-upload",
                "{\"path\":\"" + source + "\",\"title\":\"Cell biology 1\",\"metadata\":{\"course\":\"bio-101\"}}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = EventCodec.mapper().readTree(response.body());
        String recordingId = accepted.get("recordingId").asString();
        URI statusUrl = URI.create(accepted.get("statusUrl").asString());
        assertThat(statusUrl.getPath()).isEqualTo("/recordings/" + recordingId);
        assertThat(statusUrl.getPort()).as("the status API's port").isEqualTo(URI.create(pipeline.operatorUrl()).getPort());

        await().atMost(Duration.ofSeconds(60)).until(() -> !website.accepted().isEmpty());
        List<WebsiteReceiver.Received> notifications = website.accepted();
        assertThat(notifications).hasSize(1);
        WebsiteReceiver.Received notification = notifications.get(0);
        assertThat(notification.idempotencyKey()).isEqualTo(recordingId);
        assertThat(notification.signatureValid()).isTrue();

        JsonNode body = EventCodec.mapper().readTree(notification.body());
        assertThat(body.get("recordingId").asString()).isEqualTo(recordingId);
        assertThat(body.get("title").asString()).isEqualTo("Cell biology 1");
        assertThat(body.get("attributes").get("course").asString()).isEqualTo("bio-101");
        assertThat(body.get("file").get("size").asLong()).isEqualTo(3_000_000);
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(sha1);

        Path archived = Path.of(body.get("archive").get("fileId").asString());
        Path streamed = Path.of(URI.create(body.get("stream").get("playUrl").asString()));
        assertThat(TestFiles.sha1(archived)).isEqualTo(sha1);
        assertThat(TestFiles.sha1(streamed)).isEqualTo(sha1);
        assertThat(Files.size(archived)).isEqualTo(3_000_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dataDir.resolve("spool").resolve(recordingId)));
        assertThat(source).exists();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = EventCodec.mapper().readTree(pipeline.get("/recordings/" + recordingId).body());
            assertThat(status.get("stage").asString()).isEqualTo("notify");
            assertThat(status.get("state").asString()).isEqualTo("succeeded");
        });
    }
}
