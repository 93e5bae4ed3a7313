package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Topics;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * custom-upload's time-of-check/time-of-use holes, attacked: the file or a folder on its path swapped after the
 * gateway accepted it (for a symlink to a secret, or a FIFO), a symlink inside the allowed folder, and a
 * {@code custom} event forged on Kafka naming a file outside the spool. What the pipeline ships is always the
 * file as it was when accepted, and nothing outside the spool is ever read by a stage.
 */
class CustomUploadTakeoverTest {

    @TempDir
    static Path dataDir;

    @TempDir
    static Path outside;

    private static final String ZOOM_SECRET = "takeover-zoom-secret";

    static WebsiteReceiver website;
    static ZoomDownloadServer zoom;
    static StandaloneHarness pipeline;
    static Path incoming;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(CustomUploadScenario.WEBSITE_SECRET);
        zoom = ZoomDownloadServer.start();
        pipeline = new StandaloneHarness(dataDir,
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + CustomUploadScenario.WEBSITE_SECRET,
                "--pipeline.zoom.webhook-secret-token=" + ZOOM_SECRET,
                "--pipeline.zoom.allowed-hosts=127.0.0.1",
                "--pipeline.zoom.allow-insecure-hosts=true").start();
        incoming = Files.createDirectories(dataDir.resolve("incoming")).toRealPath();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        zoom.close();
        website.close();
    }

    /**
     * Keeps the download stage (one step at a time) busy with a slow Zoom download for about three seconds, so
     * the custom upload accepted next waits in its topic while the test swaps the file: without it, a fast stage
     * could take the file before the swap and hide the hole.
     */
    private static void occupyTheDownloadStage() throws Exception {
        String uuid = "slow-" + UUID.randomUUID();
        ZoomDownloadServer.RecordingFile slow = zoom.add(uuid, "file-" + uuid,
                TestFiles.random(dataDir.resolve("zoom/" + uuid + ".mp4"), 600_000, 56)).bandwidth(200_000);
        String token = "dl-" + UUID.randomUUID();
        zoom.acceptToken(token);
        ZoomWebhookSender sender = new ZoomWebhookSender(
                URI.create("http://127.0.0.1:" + pipeline.standalone().port() + "/zoom-upload"), ZOOM_SECRET);
        HttpResponse<String> accepted = sender.send(ZoomWebhooks.recordingCompleted(new ZoomWebhooks.Meeting(uuid,
                95_000_000_000L + (uuid.hashCode() & 0xffff), "Slow", "tutor@academy.example",
                Instant.parse("2026-11-20T09:00:00Z"), 45, List.of(new ZoomWebhooks.RecordingFile("file-" + uuid,
                "MP4", "speaker_view", 600_000, slow.webhookDownloadUrl()))), token));
        assertThat(accepted.statusCode()).isEqualTo(200);
        String recordingId = EventCodec.mapper().readTree(accepted.body()).get("recordings").get(0)
                .get("recordingId").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode status = EventCodec.mapper().readTree(pipeline.get("/recordings/" + recordingId).body());
            return status.has("stage") && status.get("stage").asString().equals("download")
                    && List.of("received", "started", "progress").contains(status.get("state").asString());
        });
    }

    @Test
    void aFolderOnThePathSwappedForASymlinkAfterTheAcceptDoesNotShipTheSecret() throws Exception {
        Path original = TestFiles.random(incoming.resolve("course-a/lecture.mp4"), 2_000_000, 51);
        Path secret = TestFiles.random(outside.resolve("course-a/lecture.mp4"), 2_000_000, 52);
        occupyTheDownloadStage();

        String recordingId = accept(original);
        Files.move(incoming.resolve("course-a"), incoming.resolve("course-a-old"));
        Files.createSymbolicLink(incoming.resolve("course-a"), secret.getParent());

        JsonNode notification = awaitNotification(recordingId);
        assertThat(notification.get("file").get("sha1").asString())
                .isEqualTo(TestFiles.sha1(incoming.resolve("course-a-old/lecture.mp4")))
                .isNotEqualTo(TestFiles.sha1(secret));
    }

    @Test
    void theFileSwappedForAFifoAfterTheAcceptIsShippedAsAccepted() throws Exception {
        Path original = TestFiles.random(incoming.resolve("fifo-swap.mp4"), 1_000_000, 53);
        String sha1 = TestFiles.sha1(original);
        occupyTheDownloadStage();

        String recordingId = accept(original);
        Files.delete(original);
        assumeTrue(mkfifo(original), "mkfifo not available");

        assertThat(awaitNotification(recordingId).get("file").get("sha1").asString()).isEqualTo(sha1);
    }

    @Test
    void aFifoASymlinkInsideAndASymlinkedFolderAreRefusedAtOnce() throws Exception {
        Path fifo = incoming.resolve("pipe.mp4");
        assumeTrue(mkfifo(fifo), "mkfifo not available");
        Path real = TestFiles.random(incoming.resolve("real/inside.mp4"), 10, 54);
        Path link = Files.createSymbolicLink(incoming.resolve("alias.mp4"), real);
        Path linkedFolder = Files.createSymbolicLink(incoming.resolve("alias-folder"), real.getParent());

        assertRefused(upload(fifo.toString()), 400, "not_a_regular_file");
        assertRefused(upload(link.toString()), 403, "symlink_refused");
        assertRefused(upload(linkedFolder.resolve("inside.mp4").toString()), 403, "symlink_refused");
    }

    @Test
    void aCustomEventForgedOnKafkaWithAPathOutsideTheSpoolIsDeadLettered() throws Exception {
        Path secret = TestFiles.random(outside.resolve("forged-secret.mp4"), 10_000, 55);
        String recordingId = "custom-forged-" + UUID.randomUUID().toString().substring(0, 8);
        RecordingEvent forged = RecordingEvent.accepted(recordingId, Source.CUSTOM, "Forged", Map.of(),
                Origin.ofPath(secret.toString(), 10_000L, "forged-secret.mp4", null), Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.standalone().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.DOWNLOAD, recordingId, EventCodec.encode(forged))).get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = EventCodec.mapper().readTree(pipeline.get("/recordings/" + recordingId).body());
            assertThat(status.get("stage").asString()).isEqualTo("download");
            assertThat(status.get("state").asString()).isEqualTo("dead-lettered");
            assertThat(status.get("reason").asString()).contains("spool");
        });
        assertThat(website.accepted()).noneMatch(n -> recordingId.equals(n.idempotencyKey()));
        assertThat(dataDir.resolve("spool").resolve(recordingId).resolve("forged-secret.mp4")).doesNotExist();
    }

    private static String accept(Path file) throws Exception {
        HttpResponse<String> response = upload(file.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
    }

    private static HttpResponse<String> upload(String path) throws Exception {
        return pipeline.postJson("/custom-upload", "{\"path\":\"" + path + "\",\"title\":\"Takeover\"}");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"error\":\"" + error + "\"");
    }

    private static JsonNode awaitNotification(String recordingId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> notification(recordingId) != null);
        return EventCodec.mapper().readTree(notification(recordingId).body());
    }

    private static WebsiteReceiver.Received notification(String recordingId) {
        List<WebsiteReceiver.Received> found = website.accepted().stream()
                .filter(n -> recordingId.equals(n.idempotencyKey())).toList();
        return found.isEmpty() ? null : found.get(0);
    }

    private static boolean mkfifo(Path path) {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
