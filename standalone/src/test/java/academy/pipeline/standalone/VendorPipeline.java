package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.b2.StoredFile;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import academy.pipeline.testkit.bunny.DoubleVideo;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The pipeline as separate processes ({@link SplitPipeline}) with the real vendor providers: the archive stage
 * uploads to a {@link B2Double} (large-file API from 2 MB on, 1 MiB parts), the stream stage to a
 * {@link BunnyStreamDouble} reached through a {@link TcpGate} (so a test can take Bunny off the network), the
 * notify stage tells a {@link WebsiteReceiver}. Retry delays are seconds, not minutes, so outages resolve within
 * a test. Offers what the vendor suites check: a recording's status history, its B2 versions and Bunny videos.
 */
final class VendorPipeline implements AutoCloseable {

    static final String WEBSITE_SECRET = "vendor-secret";
    static final String BUNNY_LIBRARY = "4242";
    static final String BUNNY_KEY = "vendor-bunny-key";
    static final String BUCKET = "archive";
    /** Enough retries that an outage of several of them never exhausts them. */
    static final String RETRY_DELAYS = "1s,2s,2s,2s,2s,2s,2s,2s,2s,2s";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final WebsiteReceiver website;
    private final B2Double b2;
    private final BunnyStreamDouble bunny;
    private final TcpGate bunnyGate;
    private final SplitPipeline pipeline;

    VendorPipeline(Path root, Path dataDir, Path logs, List<String> extraArgs) throws IOException {
        website = WebsiteReceiver.start(WEBSITE_SECRET);
        b2 = B2Double.builder(dataDir.resolve("b2-double")).bucket(BUCKET).partSizes(1 << 20, 1 << 20).start();
        bunny = BunnyStreamDouble.start(dataDir.resolve("bunny-double"), BUNNY_LIBRARY, BUNNY_KEY);
        bunnyGate = new TcpGate(bunny.apiUrl().getPort());
        String bunnyUrl = "http://127.0.0.1:" + bunnyGate.port();
        List<String> args = new ArrayList<>(List.of(
                "--pipeline.archive.b2.application-key-id=" + b2.keyId(),
                "--pipeline.archive.b2.application-key=" + b2.applicationKey(),
                "--pipeline.archive.b2.bucket-name=" + BUCKET,
                "--pipeline.archive.b2.master-url=" + b2.masterUrl(),
                "--pipeline.archive.b2.large-file-threshold=2MB",
                "--pipeline.archive.b2.attempts-per-call=1",
                "--pipeline.archive.b2.connect-timeout=2s",
                "--pipeline.archive.b2.socket-timeout=10s",
                "--pipeline.archive.b2.breaker-open-duration=1s",
                "--pipeline.stream.bunny.library-id=" + BUNNY_LIBRARY,
                "--pipeline.stream.bunny.api-key=" + BUNNY_KEY,
                "--pipeline.stream.bunny.api-url=" + bunnyUrl,
                "--pipeline.stream.bunny.tus-url=" + bunnyUrl + "/tusupload",
                "--pipeline.stream.bunny.chunk-size=256KB",
                "--pipeline.stream.bunny.request-size=1MB",
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + WEBSITE_SECRET,
                "--pipeline.notify.timeout=5s",
                "--pipeline.http.connect-timeout=2s",
                "--pipeline.http.idle-timeout=10s"));
        for (Stage stage : Stage.values()) {
            args.add("--pipeline.stages." + stage.id() + ".retry-delays=" + RETRY_DELAYS);
        }
        args.addAll(extraArgs);
        pipeline = new SplitPipeline(root, dataDir, logs, args);
    }

    VendorPipeline start(Duration startUp) throws Exception {
        pipeline.start();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/recordings"))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(startUp).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return this;
    }

    SplitPipeline processes() {
        return pipeline;
    }

    WebsiteReceiver website() {
        return website;
    }

    B2Double b2() {
        return b2;
    }

    BunnyStreamDouble bunny() {
        return bunny;
    }

    TcpGate bunnyGate() {
        return bunnyGate;
    }

    /** Submits a custom upload of {@code file} titled {@code title}, retrying while the gateway is down. */
    String submit(Path file, String title) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/custom-upload"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"" + file + "\",\"title\":\"" + title + "\"}"))
                .build();
        String[] id = new String[1];
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                return false;
            }
            id[0] = EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
            return true;
        });
        return id[0];
    }

    /** The recording's status events so far, oldest first. */
    List<StatusEvent> history(String recordingId) {
        return TopicProbe.readAll(pipeline.bootstrapServers(), Topics.STATUS).stream()
                .filter(r -> recordingId.equals(r.key()) || r.value().contains(recordingId))
                .map(r -> EventCodec.decodeStatus(r.value()))
                .filter(s -> s.recordingId().equals(recordingId))
                .toList();
    }

    /** Whether the recording had {@code transition} at {@code stage} with at least {@code attempt}. */
    boolean reached(String recordingId, Stage stage, Transition transition, int attempt) {
        return history(recordingId).stream().anyMatch(s -> s.stage() == stage && s.transition() == transition
                && s.attempt() >= attempt);
    }

    Set<String> doneKeys() {
        return keys(Topics.DONE);
    }

    Set<String> deadLettered() {
        return Stream.of(Stage.values()).flatMap(s -> keys(s.deadLetterTopic()).stream()).collect(Collectors.toSet());
    }

    /** The hand-over to {@code recordings.done}: the event with the archive and stream results. */
    RecordingEvent doneEvent(String recordingId) {
        List<ConsumerRecord<String, String>> done = TopicProbe.readAll(pipeline.bootstrapServers(), Topics.DONE)
                .stream().filter(r -> recordingId.equals(r.key())).toList();
        return done.isEmpty() ? null : EventCodec.decodeRecording(done.get(0).value());
    }

    private Set<String> keys(String topic) {
        return TopicProbe.readAll(pipeline.bootstrapServers(), topic).stream().map(ConsumerRecord::key)
                .collect(Collectors.toSet());
    }

    /** Finished B2 versions whose name holds the recording id. */
    List<StoredFile> b2Versions(String recordingId) {
        return b2.allFiles().stream().filter(f -> f.fileName().contains(recordingId)).toList();
    }

    /** Bunny videos of the library titled {@code title}. */
    List<DoubleVideo> videosTitled(String title) {
        return bunny.videos().stream().filter(v -> title.equals(v.title())).toList();
    }

    /** The SHA-1 of what B2 stores for a version, read back from its parts. */
    String storedSha1(StoredFile file) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        try (InputStream in = b2.open(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha1.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /**
     * What is wrong with a finished recording, or null: exactly one B2 version and one Bunny video, both with
     * the source's SHA-1, no unfinished large file of it, a notification accepted, its spool directory gone.
     */
    String problemsOf(String recordingId, String title, Path source) throws Exception {
        String sha1 = TestFiles.sha1(source);
        List<StoredFile> versions = b2Versions(recordingId);
        if (versions.size() != 1) {
            return versions.size() + " B2 versions";
        }
        if (!storedSha1(versions.get(0)).equals(sha1)) {
            return "B2 content SHA-1 differs";
        }
        if (b2.unfinishedFileNames().stream().anyMatch(n -> n.contains(recordingId))) {
            return "unfinished large file left in B2";
        }
        List<DoubleVideo> videos = videosTitled(title);
        if (videos.size() != 1) {
            return videos.size() + " Bunny videos";
        }
        if (!sha1.equals(bunny.sha1(videos.get(0).guid()))) {
            return "Bunny video SHA-1 differs";
        }
        if (website.accepted().stream().noneMatch(n -> recordingId.equals(n.idempotencyKey()))) {
            return "no notification accepted";
        }
        if (pipeline.dataDir().resolve("spool").resolve(recordingId).toFile().exists()) {
            return "spool directory left behind";
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        try {
            pipeline.close();
        } finally {
            bunnyGate.close();
            bunny.close();
            b2.close();
            website.close();
        }
    }
}
