package academy.pipeline.standalone.release;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.standalone.NodeScript;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.b2.StoredFile;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The release test: the artifact a user runs, driven as a user drives it. The packaged standalone jar runs as its
 * own OS process ({@link PackagedStandalone}: {@code java} with {@code bin/jvm-options}, {@code -jar}, a temporary
 * {@code --pipeline.data-dir}), configured only through the environment variables and arguments README.md and
 * docs/ document, against the B2, Bunny Stream and Zoom doubles and a website receiver on loopback ports of this
 * JVM. The test talks to the process over HTTP only; it never loads the pipeline's classes. It catches what the
 * suites on Maven's test classpath cannot: a dependency missing from the boot jar, a setting that does not bind
 * from its documented variable, start-up output, a crash and restart of the real process.
 * <p>
 * One process serves the scenarios in order; the last one kills it during the Bunny upload and restarts it.
 * Each scenario's duration is printed ({@code release scenario ...}). The process's output is kept in
 * {@code target/release-it/standalone.log}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedJarReleaseIT {

    private static final long MIB = 1024 * 1024;
    private static final String WEBSITE_SECRET = "release-website-secret";
    private static final String ZOOM_SECRET = "release-zoom-webhook-secret";
    private static final String GRANT_SECRET = "release-upload-grant-secret";
    private static final String B2_KEY_ID = "0045release";
    private static final String B2_KEY = "K004releaseapplicationkey";
    private static final String B2_BUCKET = "academy-recordings";
    private static final String BUNNY_LIBRARY = "4711";
    private static final String BUNNY_KEY = "release-bunny-library-key";
    private static final Path LOGS = Path.of("target", "release-it").toAbsolutePath();
    /** A line of a printed stack trace: a frame, a cause, or a throwable's first line ({@code a.b.SomeException: ...}). */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "^(\tat |\t\\.\\.\\. \\d+ more|Caused by: |([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error)(: |$))");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    static Path dataDir;
    static WebsiteReceiver website;
    static B2Double b2;
    static BunnyStreamDouble bunny;
    static ZoomDownloadServer zoom;
    static PackagedStandalone standalone;
    /** Every recording the scenarios completed: each must have exactly one notification at the end. */
    static final List<String> completed = new ArrayList<>();
    static final Map<String, Duration> times = new LinkedHashMap<>();
    private long scenarioStarted;

    @BeforeAll
    static void startTheJarAsAUserDoes() throws Exception {
        assumeTrue(Files.isRegularFile(PackagedStandalone.jar()),
                "standalone jar not built: run ./mvnw -B verify (it packages before the integration tests)");
        dataDir = work.resolve("pipeline-data");
        website = WebsiteReceiver.start(WEBSITE_SECRET);
        b2 = B2Double.builder(work.resolve("b2")).credentials(B2_KEY_ID, B2_KEY).bucket(B2_BUCKET).start();
        bunny = BunnyStreamDouble.start(work.resolve("bunny"), BUNNY_LIBRARY, BUNNY_KEY);
        zoom = ZoomDownloadServer.start();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("B2_APPLICATION_KEY_ID", B2_KEY_ID);
        environment.put("B2_APPLICATION_KEY", B2_KEY);
        environment.put("B2_BUCKET_NAME", B2_BUCKET);
        environment.put("PIPELINE_ARCHIVE_B2_MASTERURL", b2.masterUrl());
        environment.put("BUNNY_LIBRARY_ID", BUNNY_LIBRARY);
        environment.put("BUNNY_API_KEY", BUNNY_KEY);
        environment.put("ZOOM_WEBHOOK_SECRET_TOKEN", ZOOM_SECRET);
        environment.put("WEBSITE_NOTIFY_URL", website.url().toString());
        environment.put("WEBSITE_NOTIFY_SECRET", WEBSITE_SECRET);
        environment.put("UPLOAD_GRANT_SECRET", GRANT_SECRET);
        List<String> arguments = List.of(
                "--pipeline.stream.bunny.api-url=" + bunny.apiUrl(),
                "--pipeline.stream.bunny.tus-url=" + bunny.tusUrl(),
                "--pipeline.zoom.allowed-hosts=127.0.0.1",
                "--pipeline.zoom.allow-insecure-hosts=true");
        Files.createDirectories(LOGS);
        Files.deleteIfExists(LOGS.resolve("standalone.log"));
        standalone = new PackagedStandalone(dataDir, environment, arguments, LOGS.resolve("standalone.log"));
        long started = System.nanoTime();
        standalone.start();
        record("start-up to the banner", started);
    }

    @AfterAll
    static void stop() throws Exception {
        if (standalone != null) {
            standalone.close();
        }
        for (AutoCloseable stand_in : new AutoCloseable[]{zoom, bunny, b2, website}) {
            if (stand_in != null) {
                stand_in.close();
            }
        }
        System.out.println("release test times:");
        times.forEach((name, time) -> System.out.printf("  %-60s %6.1f s%n", name, time.toMillis() / 1000.0));
    }

    @BeforeEach
    void startClock() {
        scenarioStarted = System.nanoTime();
    }

    @AfterEach
    void stopClock(TestInfo test) {
        record(test.getTestMethod().orElseThrow().getName(), scenarioStarted);
    }

    private static void record(String name, long startedNanos) {
        Duration time = Duration.ofNanos(System.nanoTime() - startedNanos);
        times.put(name, time);
        System.out.printf("release scenario %s: %.1f s%n", name, time.toMillis() / 1000.0);
    }

    @Test
    @Order(1)
    void aCustomUploadOf50MiBIsArchivedOnB2HostedOnBunnyAndAnnouncedOnceThenTheSpoolIsEmpty() throws Exception {
        Path source = TestFiles.random(dataDir.resolve("incoming/lecture.mp4"), 50 * MIB, 1);
        String sha1 = TestFiles.sha1(source);

        HttpResponse<String> response = post(standalone.operatorUrl("/custom-upload"),
                "{\"path\":\"" + source + "\",\"title\":\"Cell biology 1\",\"metadata\":{\"course\":\"bio-101\"}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String recordingId = json(response.body()).get("recordingId").asString();
        JsonNode notification = awaitTheNotification(recordingId);
        assertThat(notification.get("title").asString()).isEqualTo("Cell biology 1");
        assertThat(notification.get("attributes").get("course").asString()).isEqualTo("bio-101");
        assertHeldByB2AndBunny(notification, 50 * MIB, sha1);
        awaitTheSpoolEmpty();
        assertThat(source).exists();
    }

    @Test
    @Order(2)
    void aSignedZoomWebhookDeliveredThreeTimesIsDownloadedWithItsBearerTokenAndRecordedOnce() throws Exception {
        String uuid = "Rel+ease/" + UUID.randomUUID() + "==";
        Path file = TestFiles.random(work.resolve("zoom/screen.mp4"), 8 * MIB, 2);
        ZoomDownloadServer.RecordingFile served = zoom.add(uuid, "file-release-screen", file);
        String token = "download-token-" + UUID.randomUUID();
        zoom.acceptToken(token);
        String body = ZoomWebhooks.recordingCompleted(new ZoomWebhooks.Meeting(uuid, 84_000_000_001L, "Genetics — week 4",
                "tutor@academy.example", Instant.parse("2026-11-20T09:00:00Z"), 45, List.of(new ZoomWebhooks.RecordingFile(
                "file-release-screen", "MP4", "shared_screen_with_speaker_view", 8 * MIB, served.webhookDownloadUrl()))), token);
        ZoomWebhookSender sender = new ZoomWebhookSender(standalone.publicUrl("/zoom-upload"), ZOOM_SECRET);

        List<JsonNode> answers = new ArrayList<>();
        for (int delivery = 0; delivery < 3; delivery++) {
            HttpResponse<String> answer = sender.send(body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            answers.add(json(answer.body()).get("recordings").get(0));
        }

        String recordingId = answers.get(0).get("recordingId").asString();
        assertThat(answers).extracting(a -> a.get("recordingId").asString()).containsOnly(recordingId);
        assertThat(answers).extracting(a -> a.get("duplicate").asBoolean()).containsExactly(false, true, true);
        JsonNode notification = awaitTheNotification(recordingId);
        assertThat(notification.get("source").asString()).isEqualTo("zoom");
        assertThat(notification.toString()).doesNotContain(token);
        assertHeldByB2AndBunny(notification, 8 * MIB, TestFiles.sha1(file));
        List<ZoomDownloadServer.Request> downloads = zoom.requests().stream()
                .filter(r -> r.path().equals("/rec/webhook_download/file-release-screen")).toList();
        assertThat(downloads).hasSize(1).allSatisfy(r -> {
            assertThat(r.bearer()).as("download token sent as Authorization: Bearer").isTrue();
            assertThat(r.status()).isEqualTo(302);
        });
        awaitTheSpoolEmpty();
    }

    @Test
    @Order(3)
    void aTutorUploadWithTusJavaClientAndAnUploadGrantIsAnnouncedWithItsAceId() throws Exception {
        Path file = TestFiles.random(work.resolve("tus/java.mp4"), 12 * MIB, 3);
        TusClient client = new TusClient();
        client.setUploadCreationURL(standalone.publicUrl("/tusupload").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + grant("7001", 100 * MIB)));
        TusUpload upload = new TusUpload(file.toFile());
        upload.setMetadata(Map.of("ace_id", "7001", "title", "Cell biology 2", "filename", "java.mp4",
                "filetype", "video/mp4"));

        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(256 * 1024);
        uploader.setRequestPayloadSize(4 * (int) MIB);
        while (uploader.uploadChunk() > -1) {
            // the client sends until the upload is complete
        }
        uploader.finish();

        JsonNode notification = awaitTheNotification("ace-7001");
        assertThat(notification.get("attributes").get("ace_id").asString()).isEqualTo("7001");
        assertThat(notification.get("title").asString()).isEqualTo("Cell biology 2");
        assertHeldByB2AndBunny(notification, 12 * MIB, TestFiles.sha1(file));
        awaitTheSpoolEmpty();
    }

    /**
     * What a tutor's browser does after a network drop: the website's tus-js-client is aborted at about 20 MiB of a
     * 60 MiB upload and a new client that knows only the upload URL resumes at once. The upload must resume (same
     * URL, never a fresh upload) and the recording arrive once, carrying the {@code ace_id}.
     */
    @Test
    @Order(4)
    void aTusJsClientUploadAbortedAt20MiBAndResumedAtOnceByAFreshClientIsAnnouncedOnce() throws Exception {
        assumeTrue(NodeScript.available(), "tus-js-client part skipped: needs node >= 20 and "
                + "`npm ci --prefix standalone/src/test/js` (.ci/run installs both)");
        Path file = TestFiles.random(work.resolve("tus/browser.mp4"), 60 * MIB, 4);

        NodeScript.Result result = NodeScript.node("resume-at-once.js", List.of(
                "--endpoint", standalone.publicUrl("/tusupload").toString(), "--file", file.toString(),
                "--grant", grant("7002", 100 * MIB), "--abort-at", Long.toString(20 * MIB),
                "--meta", "ace_id=7002", "--meta", "title=From the browser", "--meta", "filename=browser.mp4",
                "--meta", "filetype=video/mp4"), 180);

        assertThat(result.exitCode()).as("tus-js-client: %s", result.stderr()).isZero();
        JsonNode run = json(result.stdout());
        assertThat(run.get("abortedAt").asLong()).isBetween(20 * MIB, 60 * MIB - 1);
        JsonNode notification = awaitTheNotification("ace-7002");
        assertThat(notification.get("attributes").get("ace_id").asString()).isEqualTo("7002");
        assertThat(notification.get("title").asString()).isEqualTo("From the browser");
        assertHeldByB2AndBunny(notification, 60 * MIB, TestFiles.sha1(file));
        awaitTheSpoolEmpty();
        assertThat(run.get("resumedUrl").asString()).as("the fresh client resumed the upload instead of starting another")
                .isEqualTo(run.get("url").asString());
    }

    /** Runs after the happy paths: the clean run's output, and every recording announced exactly once. */
    @Test
    @Order(5)
    void theOutputShowsTheBannerSoonAndNoStackTraceAndEveryRecordingWasAnnouncedOnce() throws Exception {
        String output = standalone.output();
        List<String> lines = output.lines().toList();
        int banner = lines.indexOf(PackagedStandalone.BANNER);
        assertThat(banner).as("the start banner in %s", standalone.log()).isNotNegative();
        assertThat(banner).as("lines printed before the banner (see %s)", standalone.log()).isLessThan(200);
        assertThat(lines.get(banner + 1)).as("the banner says where the gateway listens").contains(":" + standalone.publicUrl("/").getPort());
        assertThat(lines.stream().filter(line -> STACK_TRACE.matcher(line).find()).toList())
                .as("stack trace lines on a clean run (see %s)", standalone.log()).isEmpty();
        for (String recordingId : completed) {
            assertThat(notificationsFor(recordingId)).as("notifications of %s", recordingId).hasSize(1);
        }
    }

    /**
     * A crash in the middle of the longest transfer: SIGKILL while the Bunny double receives the upload (capped at
     * 4 MiB/s, so it lasts several seconds), then the same command on the same data folder. The recording must
     * complete with the upload resumed (the double receives less than the file plus one PATCH buffer in all), one
     * Bunny video, one notification.
     */
    @Test
    @Order(6)
    void aSigkillDuringTheBunnyUploadThenARestartResumesTheUploadAndCompletesOnce() throws Exception {
        awaitTheSpoolEmpty();
        long size = 24 * MIB;
        Path source = TestFiles.random(dataDir.resolve("incoming/crash.mp4"), size, 6);
        long receivedBefore = bunny.bytesReceived();
        int videosBefore = bunny.videosCreated();
        bunny.faults().capBandwidth(4 * MIB);
        try {
            HttpResponse<String> response = post(standalone.operatorUrl("/custom-upload"),
                    "{\"path\":\"" + source + "\",\"title\":\"Crash course\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String recordingId = json(response.body()).get("recordingId").asString();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> bunny.bytesReceived() - receivedBefore >= 6 * MIB);

            standalone.kill();
            long receivedAtKill = bunny.bytesReceived() - receivedBefore;
            assertThat(receivedAtKill).as("killed during the upload").isLessThan(size);
            assertThat(notificationsFor(recordingId)).isEmpty();
            standalone.start();

            JsonNode notification = awaitTheNotification(recordingId, Duration.ofSeconds(240));
            assertThat(bunny.videosCreated() - videosBefore).as("Bunny videos created").isEqualTo(1);
            assertThat(bunny.videos()).filteredOn(video -> video.title().equals("Crash course")).hasSize(1);
            assertHeldByB2AndBunny(notification, size, TestFiles.sha1(source));
            assertThat(bunny.bytesReceived() - receivedBefore).as("bytes the Bunny double received in all "
                    + "(%d before the kill)", receivedAtKill).isLessThan(size + 2 * MIB);
            awaitTheSpoolEmpty();
        } finally {
            bunny.faults().capBandwidth(0);
        }
    }

    /** An upload grant exactly as docs/tus.md tells the website to sign one. */
    private static String grant(String aceId, long maxSize) throws Exception {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(String.format(
                "{\"ace_id\":\"%s\",\"exp\":%d,\"max_size\":%d}", aceId, Instant.now().getEpochSecond() + 3600, maxSize)
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GRANT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return payload + "." + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode awaitTheNotification(String recordingId) throws Exception {
        return awaitTheNotification(recordingId, Duration.ofSeconds(120));
    }

    /** Waits for the website's first notification of the recording; checks its signature and that it is the only one. */
    private static JsonNode awaitTheNotification(String recordingId, Duration atMost) throws Exception {
        await("the website's notification of " + recordingId + " (the process's output: " + standalone.log() + ")")
                .atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!standalone.isAlive()) {
                        throw new AssertionError("the standalone process died; see " + standalone.log());
                    }
                    return !notificationsFor(recordingId).isEmpty();
                });
        List<WebsiteReceiver.Received> notifications = notificationsFor(recordingId);
        assertThat(notifications).hasSize(1);
        assertThat(notifications.get(0).signatureValid()).isTrue();
        completed.add(recordingId);
        JsonNode body = json(notifications.get(0).body());
        assertThat(body.get("recordingId").asString()).isEqualTo(recordingId);
        return body;
    }

    private static List<WebsiteReceiver.Received> notificationsFor(String recordingId) {
        return website.accepted().stream().filter(n -> recordingId.equals(n.idempotencyKey())).toList();
    }

    /** The announced file is the source, B2 holds it under the announced name and Bunny under the announced video. */
    private static void assertHeldByB2AndBunny(JsonNode notification, long size, String sha1) throws Exception {
        assertThat(notification.get("file").get("size").asLong()).isEqualTo(size);
        assertThat(notification.get("file").get("sha1").asString()).isEqualTo(sha1);
        JsonNode archive = notification.get("archive");
        assertThat(archive.get("provider").asString()).isEqualTo("b2");
        assertThat(archive.get("bucket").asString()).isEqualTo(B2_BUCKET);
        StoredFile stored = b2.latest(B2_BUCKET, archive.get("fileName").asString()).orElseThrow(() ->
                new AssertionError("B2 holds no " + archive.get("fileName").asString()));
        assertThat(stored.contentLength()).isEqualTo(size);
        try (InputStream content = b2.open(stored)) {
            assertThat(sha1(content)).as("SHA-1 of the B2 copy").isEqualTo(sha1);
        }
        JsonNode stream = notification.get("stream");
        assertThat(stream.get("provider").asString()).isEqualTo("bunny");
        assertThat(stream.get("libraryId").asString()).isEqualTo(BUNNY_LIBRARY);
        assertThat(bunny.sha1(stream.get("videoId").asString())).as("SHA-1 of the Bunny copy").isEqualTo(sha1);
    }

    /** Nothing is left in the spool once the website has the recording. */
    private static void awaitTheSpoolEmpty() {
        Path spool = dataDir.resolve("spool");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Stream<Path> left = Files.exists(spool) ? Files.list(spool) : Stream.empty()) {
                assertThat(left.toList()).as("left in the spool").isEmpty();
            }
        });
    }

    private static HttpResponse<String> post(URI url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) {
        return EventCodec.mapper().readTree(text);
    }

    private static String sha1(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-1");
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) != -1) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
