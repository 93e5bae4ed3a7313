package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A custom upload through the real standalone pipeline: embedded broker, real HTTP to a website double. */
class CustomUploadEndToEndTest {

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
                "--pipeline.notify.secret=" + SECRET).start();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        website.close();
    }

    @Test
    void customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied() throws Exception {
        Path source = TestFiles.random(dataDir.resolve("incoming/lecture 1.mp4"), 3_000_000, 7);
        String sha1 = TestFiles.sha1(source);

        HttpResponse<String> response = pipeline.postJson("/custom-upload",
                "{\"path\":\"" + source + "\",\"title\":\"Cell biology 1\",\"metadata\":{\"course\":\"bio-101\"}}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = EventCodec.mapper().readTree(response.body());
        String recordingId = accepted.get("recordingId").asString();
        assertThat(accepted.get("statusUrl").asString()).endsWith("/recordings/" + recordingId);

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
        Path streamed = Path.of(java.net.URI.create(body.get("stream").get("playUrl").asString()));
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
