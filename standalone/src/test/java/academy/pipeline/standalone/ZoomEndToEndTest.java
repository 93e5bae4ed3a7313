package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.security.Hmac;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;
import academy.pipeline.testkit.zoom.ZoomDownloadServer.RecordingFile;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import academy.pipeline.testkit.zoom.ZoomWebhooks.Meeting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Zoom recordings through the real standalone pipeline: signed webhooks from a sender that signs like Zoom,
 * downloads from a Zoom double over real HTTP (302 to storage, Range, faults, OAuth and recordings API),
 * filesystem archive and stream, a website double, and files moved to Zoom's trash when done. The download
 * allowlist is 127.0.0.1 only, so {@code localhost} stands for a foreign host.
 */
class ZoomEndToEndTest {

    private static final String WEBSITE_SECRET = "website-secret";
    private static final String ZOOM_SECRET = "zoom-webhook-secret";
    private static final AtomicLong MEETING_IDS = new AtomicLong(81_000_000_000L);

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static ZoomDownloadServer zoom;
    static StandaloneHarness pipeline;
    static ZoomWebhookSender sender;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(WEBSITE_SECRET);
        zoom = ZoomDownloadServer.start();
        zoom.acceptCredentials("account-1", "client-1", "client-secret-1");
        pipeline = new StandaloneHarness(dataDir,
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + WEBSITE_SECRET,
                "--pipeline.zoom.webhook-secret-token=" + ZOOM_SECRET,
                "--pipeline.zoom.allowed-hosts=127.0.0.1",
                "--pipeline.zoom.allow-insecure-hosts=true",
                "--pipeline.zoom.account-id=account-1",
                "--pipeline.zoom.client-id=client-1",
                "--pipeline.zoom.client-secret=client-secret-1",
                "--pipeline.zoom.oauth-url=" + zoom.oauthUrl(),
                "--pipeline.zoom.api-url=" + zoom.apiUrl(),
                "--pipeline.zoom.trash-after-done=true",
                "--pipeline.stages.download.retry-delays=200ms,200ms").start();
        sender = newSender();
    }

    private static ZoomWebhookSender newSender() {
        return new ZoomWebhookSender(URI.create("http://127.0.0.1:" + pipeline.standalone().port() + "/zoom-upload"),
                ZOOM_SECRET);
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        zoom.close();
        website.close();
    }

    @Test
    void recordingCompletedIsDownloadedArchivedStreamedAndAnnouncedOnceHoweverOftenZoomDeliversIt() throws Exception {
        String uuid = "4444AAAiAAAAAiAiAiiAii==";
        Path screen = TestFiles.random(dataDir.resolve("zoom/screen.mp4"), 2_000_000, 11);
        Path gallery = TestFiles.random(dataDir.resolve("zoom/gallery.mp4"), 1_000_000, 12);
        Path audio = TestFiles.random(dataDir.resolve("zoom/audio.m4a"), 300_000, 13);
        RecordingFile screenFile = zoom.add(uuid, "file-screen-1", screen);
        RecordingFile galleryFile = zoom.add(uuid, "file-gallery-1", gallery);
        RecordingFile audioFile = zoom.add(uuid, "file-audio-1", audio);
        String token = token();
        Meeting meeting = meeting(uuid, "Cell biology 2", List.of(
                new ZoomWebhooks.RecordingFile("file-gallery-1", "MP4", "gallery_view", 1_000_000, galleryFile.webhookDownloadUrl()),
                new ZoomWebhooks.RecordingFile("file-screen-1", "MP4", "shared_screen_with_speaker_view", 2_000_000, screenFile.webhookDownloadUrl()),
                new ZoomWebhooks.RecordingFile("file-audio-1", "M4A", "audio_only", 300_000, audioFile.webhookDownloadUrl())));
        String body = ZoomWebhooks.recordingCompleted(meeting, token);

        HttpResponse<String> first = sender.send(body);
        HttpResponse<String> second = sender.send(body);
        HttpResponse<String> third = sender.send(body);

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode accepted = EventCodec.mapper().readTree(first.body()).get("recordings");
        assertThat(accepted).hasSize(1);
        String recordingId = accepted.get(0).get("recordingId").asString();
        assertThat(recordingId).startsWith("zoom-" + meeting.id() + "-");
        assertThat(accepted.get(0).get("duplicate").asBoolean()).isFalse();
        for (HttpResponse<String> duplicate : List.of(second, third)) {
            assertThat(duplicate.statusCode()).isEqualTo(200);
            JsonNode recordings = EventCodec.mapper().readTree(duplicate.body()).get("recordings");
            assertThat(recordings.get(0).get("recordingId").asString()).isEqualTo(recordingId);
            assertThat(recordings.get(0).get("duplicate").asBoolean()).isTrue();
        }

        JsonNode notification = awaitNotification(recordingId);
        assertThat(notification.get("title").asString()).isEqualTo("Cell biology 2");
        assertThat(notification.get("attributes").get("meetingUuid").asString()).isEqualTo(uuid);
        assertThat(notification.get("attributes").get("recordingType").asString()).isEqualTo("shared_screen_with_speaker_view");
        assertThat(notification.get("attributes").get("fileId").asString()).isEqualTo("file-screen-1");
        assertThat(notification.get("attributes").get("hostEmail").asString()).isEqualTo("tutor@academy.example");
        assertThat(notification.get("file").get("size").asLong()).isEqualTo(2_000_000);
        assertThat(notification.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(screen));
        assertThat(notification.toString()).doesNotContain(token);
        // the download token stays in recordings.download only; the stages after it never carry it
        for (String topic : List.of("recordings.archive", "recordings.stream", "recordings.notify", "recordings.done")) {
            assertThat(TopicProbe.readAll(pipeline.standalone().bootstrapServers(), topic))
                    .filteredOn(r -> r.key().equals(recordingId)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.value()).doesNotContain(token));
        }
        Path archived = Path.of(notification.get("archive").get("fileId").asString());
        Path streamed = Path.of(URI.create(notification.get("stream").get("playUrl").asString()));
        assertThat(TestFiles.sha1(archived)).isEqualTo(TestFiles.sha1(screen));
        assertThat(TestFiles.sha1(streamed)).isEqualTo(TestFiles.sha1(screen));

        // Zoom also sends identical events from other IPs with another download URL and token
        String otherToken = token();
        Meeting sameMeetingOtherUrl = new Meeting(uuid, meeting.id(), meeting.topic(), meeting.hostEmail(),
                meeting.startTime(), meeting.duration(), List.of(new ZoomWebhooks.RecordingFile(
                "file-screen-1", "MP4", "shared_screen_with_speaker_view", 2_000_000, screenFile.apiDownloadUrl())));
        HttpResponse<String> late = sender.send(ZoomWebhooks.recordingCompleted(sameMeetingOtherUrl, otherToken));
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(EventCodec.mapper().readTree(late.body()).get("recordings").get(0).get("duplicate").asBoolean()).isTrue();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notificationsFor(recordingId)).hasSize(1));
        JsonNode status = EventCodec.mapper().readTree(pipeline.get("/recordings/" + recordingId).body());
        assertThat(transitions(status, "accepted")).isEqualTo(1);
        assertThat(storageRequestsFor("file-screen-1")).hasSize(1);
        assertThat(storageRequestsFor("file-gallery-1")).isEmpty();
        assertThat(storageRequestsFor("file-audio-1")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> zoom.trashed().contains("file-screen-1"));
        assertThat(zoom.trashed()).doesNotContain("file-gallery-1", "file-audio-1");
    }

    @Test
    void duplicateDeliveredAfterARestartIsStillRecognisedFromTheStatusTopic() throws Exception {
        String uuid = UUID.randomUUID().toString();
        Path source = TestFiles.random(dataDir.resolve("zoom/restart.mp4"), 200_000, 81);
        RecordingFile file = zoom.add(uuid, "file-restart", source);
        Meeting meeting = meeting(uuid, "Before the restart", List.of(new ZoomWebhooks.RecordingFile(
                "file-restart", "MP4", "speaker_view", 200_000, file.webhookDownloadUrl())));
        String body = ZoomWebhooks.recordingCompleted(meeting, token());
        String recordingId = EventCodec.mapper().readTree(sender.send(body).body()).get("recordings").get(0)
                .get("recordingId").asString();
        awaitNotification(recordingId);

        pipeline.stop();
        pipeline.start();
        sender = newSender();
        // the gateway rebuilds its view from the compacted status topic at start
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.get("/recordings/" + recordingId).statusCode() == 200);
        HttpResponse<String> again = sender.send(body);

        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode recordings = EventCodec.mapper().readTree(again.body()).get("recordings");
        assertThat(recordings.get(0).get("recordingId").asString()).isEqualTo(recordingId);
        assertThat(recordings.get(0).get("duplicate").asBoolean()).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notificationsFor(recordingId)).hasSize(1));
    }

    @Test
    void concurrentDeliveriesOfOneMeetingAcceptItOnceWhileOtherMeetingsAreAcceptedAlongside() throws Exception {
        String uuid = "ConcurrentUuid+/" + UUID.randomUUID();
        Path file = TestFiles.random(dataDir.resolve("zoom/concurrent.mp4"), 100_000, 21);
        RecordingFile served = zoom.add(uuid, "file-concurrent-1", file);
        String duplicated = ZoomWebhooks.recordingCompleted(meeting(uuid, "Concurrent", List.of(new ZoomWebhooks.RecordingFile(
                "file-concurrent-1", "MP4", "shared_screen_with_speaker_view", 100_000, served.webhookDownloadUrl()))), token());
        List<java.util.concurrent.Callable<HttpResponse<String>>> deliveries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deliveries.add(() -> sender.send(duplicated));
            String other = ZoomWebhooks.recordingCompleted(meeting("Other-" + i + "-" + UUID.randomUUID(), "Other " + i,
                    List.of(new ZoomWebhooks.RecordingFile("file-other-" + i, "MP4", "shared_screen_with_speaker_view",
                            100_000, served.webhookDownloadUrl()))), token());
            deliveries.add(() -> sender.send(other));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<JsonNode> answers = new ArrayList<>();
        try {
            for (java.util.concurrent.Future<HttpResponse<String>> answer : pool.invokeAll(deliveries)) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
                answers.add(EventCodec.mapper().readTree(answer.get().body()).get("recordings").get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        List<JsonNode> ofDuplicated = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (i % 2 == 0) {
                ofDuplicated.add(answers.get(i));
            } else {
                assertThat(answers.get(i).get("duplicate").asBoolean()).isFalse();
                others.add(answers.get(i).get("recordingId").asString());
            }
        }
        assertThat(ofDuplicated.stream().map(a -> a.get("recordingId").asString()).distinct()).hasSize(1);
        assertThat(ofDuplicated.stream().filter(a -> !a.get("duplicate").asBoolean())).hasSize(1);
        assertThat(others).doesNotHaveDuplicates().hasSize(8);
        String recordingId = ofDuplicated.get(0).get("recordingId").asString();
        assertThat(TopicProbe.readAll(pipeline.standalone().bootstrapServers(), "recordings.download").stream()
                .filter(r -> r.key().equals(recordingId))).hasSize(1);
    }

    @Test
    void urlValidationIsAnsweredWithTheEncryptedToken() throws Exception {
        HttpResponse<String> response = sender.send(ZoomWebhooks.urlValidation("qgg8vlvZRS6UYooatFL8Aw"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = EventCodec.mapper().readTree(response.body());
        assertThat(answer.get("plainToken").asString()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(answer.get("encryptedToken").asString()).isEqualTo(Hmac.sha256Hex(ZOOM_SECRET, "qgg8vlvZRS6UYooatFL8Aw"));
    }

    @Test
    void otherEventsAreAcknowledgedAndIgnored() throws Exception {
        HttpResponse<String> response = sender.send(ZoomWebhooks.other("meeting.started"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EventCodec.mapper().readTree(response.body()).get("recordings")).isEmpty();
    }

    @Test
    void forgedStaleAndTamperedWebhooksAreRefusedWith401AndNothingIsPublished() throws Exception {
        String uuid = UUID.randomUUID().toString();
        RecordingFile file = zoom.add(uuid, "file-forged-" + uuid, TestFiles.random(dataDir.resolve("zoom/forged.mp4"), 100_000, 21));
        String topic = "Forged " + uuid;
        String body = ZoomWebhooks.recordingCompleted(meeting(uuid, topic, List.of(new ZoomWebhooks.RecordingFile(
                "file-forged-" + uuid, "MP4", "speaker_view", 100_000, file.webhookDownloadUrl()))), token());
        String tampered = body.replace(file.webhookDownloadUrl(), "http://127.0.0.1:1/elsewhere");

        List<HttpResponse<String>> refused = List.of(
                sender.sendWithWrongSecret(body),
                sender.sendSignedAt(body, Duration.ofMinutes(-6)),
                sender.sendSignedAt(body, Duration.ofMinutes(6)),
                sender.sendTampered(body, tampered),
                sender.post(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null));

        assertThat(refused).extracting(HttpResponse::statusCode).containsOnly(401);
        assertThat(refused).extracting(r -> EventCodec.mapper().readTree(r.body()).get("error").asString())
                .containsExactly("bad_signature", "stale_timestamp", "stale_timestamp", "bad_signature", "missing_signature");
        assertThat(pipeline.get("/recordings").body()).doesNotContain(topic);
        assertThat(zoom.requests()).noneMatch(r -> r.path().endsWith("/file-forged-" + uuid));

        HttpResponse<String> genuine = sender.send(body);
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(pipeline.get("/recordings").body()).contains(topic);
    }

    @Test
    void oversizedWebhookIsRefusedWith413() throws Exception {
        String padding = "x".repeat(1_100_000);
        String body = "{\"event\":\"recording.completed\",\"payload\":{\"padding\":\"" + padding + "\"}}";

        HttpResponse<String> response = sender.send(body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(EventCodec.mapper().readTree(response.body()).get("error").asString()).isEqualTo("body_too_large");
    }

    @Test
    void downloadCutAt60PercentResumesWithRangeAndIsByteIdentical() throws Exception {
        String uuid = "resume/" + UUID.randomUUID();
        Path source = TestFiles.random(dataDir.resolve("zoom/resume.mp4"), 3_000_000, 31);
        RecordingFile file = zoom.add(uuid, "file-resume", source).cutAfter(1_800_000, 1);

        String recordingId = acceptOne(uuid, "Resumed lecture", "file-resume", 3_000_000, file.webhookDownloadUrl());

        JsonNode notification = awaitNotification(recordingId);
        assertThat(notification.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(source));
        assertThat(notification.get("file").get("size").asLong()).isEqualTo(3_000_000);
        assertThat(TestFiles.sha1(Path.of(notification.get("archive").get("fileId").asString()))).isEqualTo(TestFiles.sha1(source));
        List<ZoomDownloadServer.Request> storage = storageRequestsFor("file-resume");
        assertThat(storage).hasSize(2);
        assertThat(storage.get(0).range()).isNull();
        assertThat(storage.get(1).range()).isEqualTo("bytes=1800000-");
        assertThat(storage.get(1).status()).isEqualTo(206);
    }

    @Test
    void htmlPageInsteadOfTheRecordingIsDeadLetteredWithAClearReason() throws Exception {
        String uuid = UUID.randomUUID().toString();
        RecordingFile file = zoom.add(uuid, "file-html", TestFiles.random(dataDir.resolve("zoom/html.mp4"), 100_000, 41)).html();

        String recordingId = acceptOne(uuid, "Deleted lecture", "file-html", 100_000, file.webhookDownloadUrl());

        assertThat(awaitDeadLettered(recordingId)).contains("HTML page");
    }

    @Test
    void sizeDifferentFromTheWebhooksFileSizeIsDeadLetteredWithAClearReason() throws Exception {
        String uuid = UUID.randomUUID().toString();
        RecordingFile file = zoom.add(uuid, "file-size", TestFiles.random(dataDir.resolve("zoom/size.mp4"), 100_000, 51));

        String recordingId = acceptOne(uuid, "Truncated lecture", "file-size", 123_456, file.webhookDownloadUrl());

        assertThat(awaitDeadLettered(recordingId)).contains("size mismatch").contains("123456").contains("100000");
    }

    @Test
    void redirectToAHostOffTheAllowlistIsRefusedWithoutContactingIt() throws Exception {
        String uuid = UUID.randomUUID().toString();
        RecordingFile file = zoom.add(uuid, "file-ssrf", TestFiles.random(dataDir.resolve("zoom/ssrf.mp4"), 100_000, 61))
                .redirectTo("localhost");

        String recordingId = acceptOne(uuid, "Redirected lecture", "file-ssrf", 100_000, file.webhookDownloadUrl());

        assertThat(awaitDeadLettered(recordingId)).contains("localhost").contains("allowlist");
        assertThat(zoom.requests()).anyMatch(r -> r.path().equals("/rec/webhook_download/file-ssrf") && r.status() == 302);
        assertThat(storageRequestsFor("file-ssrf")).isEmpty();
    }

    @Test
    void expiredDownloadTokenIsReplacedThroughTheRecordingsApi() throws Exception {
        String uuid = "/ab//cd+ef" + UUID.randomUUID() + "==";
        Path source = TestFiles.random(dataDir.resolve("zoom/expired.mp4"), 500_000, 71);
        RecordingFile file = zoom.add(uuid, "file-expired", source);
        String staleToken = "expired-" + UUID.randomUUID();

        String body = ZoomWebhooks.recordingCompleted(meeting(uuid, "Late webhook", List.of(new ZoomWebhooks.RecordingFile(
                "file-expired", "MP4", "shared_screen_with_speaker_view", 500_000, file.webhookDownloadUrl()))), staleToken);
        HttpResponse<String> response = sender.send(body);
        assertThat(response.statusCode()).isEqualTo(200);
        String recordingId = EventCodec.mapper().readTree(response.body()).get("recordings").get(0).get("recordingId").asString();

        JsonNode notification = awaitNotification(recordingId);
        assertThat(notification.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(source));
        assertThat(zoom.requests()).anyMatch(r -> r.path().equals("/rec/webhook_download/file-expired") && r.status() == 401);
        assertThat(zoom.requests()).anyMatch(r -> r.path().equals("/oauth/token") && r.status() == 200);
        assertThat(zoom.requests()).anyMatch(r -> r.path().startsWith("/v2/meetings/") && r.status() == 200);
        assertThat(zoom.requests()).anyMatch(r -> r.path().equals("/rec/download/file-expired") && r.status() == 302);
    }

    private static String acceptOne(String uuid, String topic, String fileId, long fileSize, String url) throws Exception {
        HttpResponse<String> response = sender.send(ZoomWebhooks.recordingCompleted(meeting(uuid, topic,
                List.of(new ZoomWebhooks.RecordingFile(fileId, "MP4", "shared_screen_with_speaker_view", fileSize, url))), token()));
        assertThat(response.statusCode()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body()).get("recordings").get(0).get("recordingId").asString();
    }

    private static String token() {
        String token = "dl-" + UUID.randomUUID();
        zoom.acceptToken(token);
        return token;
    }

    private static Meeting meeting(String uuid, String topic, List<ZoomWebhooks.RecordingFile> files) {
        return new Meeting(uuid, MEETING_IDS.incrementAndGet(), topic, "tutor@academy.example",
                Instant.parse("2026-11-20T09:00:00Z"), 45, files);
    }

    private static JsonNode awaitNotification(String recordingId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(recordingId).isEmpty());
        return EventCodec.mapper().readTree(notificationsFor(recordingId).get(0).body());
    }

    private static List<WebsiteReceiver.Received> notificationsFor(String recordingId) {
        return website.accepted().stream().filter(n -> recordingId.equals(n.idempotencyKey())).toList();
    }

    /** Waits until the download stage dead-letters the recording; returns the reason. */
    private static String awaitDeadLettered(String recordingId) {
        List<String> reason = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = EventCodec.mapper().readTree(pipeline.get("/recordings/" + recordingId).body());
            assertThat(status.get("stage").asString()).isEqualTo("download");
            assertThat(status.get("state").asString()).isEqualTo("dead-lettered");
            reason.add(status.get("reason").asString());
        });
        return reason.get(reason.size() - 1);
    }

    private static long transitions(JsonNode status, String transition) {
        long count = 0;
        for (JsonNode event : status.get("history")) {
            if (transition.equals(event.get("transition").asString())) {
                count++;
            }
        }
        return count;
    }

    private static List<ZoomDownloadServer.Request> storageRequestsFor(String fileId) {
        return zoom.requests().stream().filter(r -> r.path().startsWith("/storage/" + fileId + "/")).toList();
    }
}
