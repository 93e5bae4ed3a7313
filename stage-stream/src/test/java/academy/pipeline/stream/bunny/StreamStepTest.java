package academy.pipeline.stream.bunny;

import academy.pipeline.testkit.TestStepContext;
import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.RestClients;
import academy.pipeline.core.runtime.FailureClassifier;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.stream.StreamStep;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import academy.pipeline.testkit.bunny.DoubleVideo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClientResponseException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link StreamStep} with the Bunny provider, without Kafka, against the Bunny Stream double's contract (and, in
 * fetch mode, the B2 double's download authorizations on a private bucket): what one call of the step does.
 */
class StreamStepTest {

    private static final String LIBRARY = "4242";
    private static final String KEY = "library-key";
    private static final String BUCKET = "recordings";
    private static final long SIZE = 3 * 1024 * 1024 + 17;

    @TempDir
    Path dir;
    private BunnyStreamDouble bunny;
    private B2Double b2;
    private String bucketId;
    private Spool spool;

    @BeforeEach
    void start() throws IOException {
        bunny = BunnyStreamDouble.start(dir.resolve("bunny"), LIBRARY, KEY);
        bunny.encodingStep(Duration.ofMillis(20));
        b2 = B2Double.builder(dir.resolve("b2")).privateDownloads().start();
        bucketId = b2.createBucket(BUCKET);
        spool = new Spool(dir.resolve("spool"));
    }

    @AfterEach
    void stop() {
        bunny.close();
        b2.close();
    }

    @Test
    void uploadModeSendsTheSpooledFileOverTusAndRecordsTheVideo() throws Exception {
        RecordingEvent event = spooledRecording("upload-1");

        RecordingEvent out = step(BunnySettings.Mode.UPLOAD, b2Key()).process(event, TestStepContext.first("test", Stage.STREAM));

        String videoId = out.stream().videoId();
        assertThat(out.stream().provider()).isEqualTo("bunny");
        assertThat(out.stream().libraryId()).isEqualTo(LIBRARY);
        assertThat(bunny.sha1(videoId)).isEqualTo(event.spooled().sha1());
        assertThat(bunny.bytesReceived()).isEqualTo(SIZE);
        assertThat(bunny.chunkedPatches()).as("PATCH bodies are sized, not in 4 KiB chunks").isZero();
        assertThat(spool.resolve(event.spooled())).as("upload mode keeps the spool copy for notify to delete").exists();
    }

    @Test
    void uploadModeWithoutTheSpooledFileIsFatal() throws Exception {
        RecordingEvent event = spooledRecording("upload-2");
        Files.delete(spool.resolve(event.spooled()));

        assertThatThrownBy(() -> step(BunnySettings.Mode.UPLOAD, b2Key()).process(event, TestStepContext.first("test", Stage.STREAM)))
                .isInstanceOf(FatalStepException.class).hasMessageContaining("replay the download stage");
    }

    @Test
    void fetchModeLetsBunnyPullThePrivateB2FileAndSendsNoBytesItself() throws Exception {
        RecordingEvent event = archivedRecording("fetch-1");
        StreamStep step = step(BunnySettings.Mode.FETCH, b2Key());

        RecordingEvent out = step.process(event, TestStepContext.first("test", Stage.STREAM));

        String videoId = out.stream().videoId();
        assertThat(bunny.sha1(videoId)).isEqualTo(event.spooled().sha1());
        assertThat(bunny.video(videoId).orElseThrow().status()).isGreaterThanOrEqualTo(3);
        assertThat(bunny.bytesReceived()).as("no tus bytes from the pipeline").isZero();
        assertThat(spool.resolve(event.spooled())).as("spool copy deleted once Bunny stored it").doesNotExist();
        assertThat(out.stream().playUrl()).endsWith("/" + LIBRARY + "/" + videoId);

        RecordingEvent again = step.process(event, TestStepContext.first("test", Stage.STREAM));
        assertThat(again.stream()).as("a repeated delivery follows the same video").isEqualTo(out.stream());
        assertThat(bunny.videosCreated()).as("never a second fetch").isEqualTo(1);
    }

    @Test
    void withoutAValidDownloadAuthorizationBunnysPullFailsAndTheStepIsRetryable() throws Exception {
        RecordingEvent event = archivedRecording("fetch-2");

        Throwable failure = catchThrowable(() -> step(BunnySettings.Mode.FETCH, null).process(event, TestStepContext.first("test", Stage.STREAM)));

        assertThat(failure).isInstanceOf(RetryableStepException.class).hasMessageContaining("status 6");
        assertThat(FailureClassifier.classify(failure).fatal()).isFalse();
        assertThat(spool.resolve(event.spooled())).as("the copy stays while Bunny has not stored the file").exists();

        RecordingEvent out = step(BunnySettings.Mode.FETCH, b2Key()).process(event, TestStepContext.first("test", Stage.STREAM));
        assertThat(bunny.videos()).as("the failed video was deleted before fetching again")
                .extracting(DoubleVideo::guid).containsExactly(out.stream().videoId());
        assertThat(bunny.sha1(out.stream().videoId())).isEqualTo(event.spooled().sha1());
    }

    @Test
    void aBunnyOutageOnTheFetchCallIsRetryableAndTheRetryFetchesOnce() throws Exception {
        RecordingEvent event = archivedRecording("fetch-3");
        StreamStep step = step(BunnySettings.Mode.FETCH, b2Key());
        bunny.faults().failNextApiRequests(1, 503);

        Throwable failure = catchThrowable(() -> step.process(event, TestStepContext.first("test", Stage.STREAM)));

        assertThat(failure).isInstanceOf(RestClientResponseException.class);
        assertThat(FailureClassifier.classify(failure).fatal()).isFalse();
        assertThat(bunny.videosCreated()).isZero();
        step.process(event, TestStepContext.first("test", Stage.STREAM));
        assertThat(bunny.videosCreated()).isEqualTo(1);
    }

    @Test
    void aFetchWhoseAnswerWasLostIsNeverRequestedAgain() throws Exception {
        RecordingEvent event = archivedRecording("fetch-4");
        Path state = spool.resolve(event.spooled()).resolveSibling(UploadStateFile.NAME);
        Files.writeString(state, "{\"libraryId\":\"" + LIBRARY + "\",\"fetch\":true}");

        assertThatThrownBy(() -> step(BunnySettings.Mode.FETCH, b2Key()).process(event, TestStepContext.first("test", Stage.STREAM)))
                .isInstanceOf(FatalStepException.class).hasMessageContaining("answer was lost")
                .hasMessageContaining(state.toString());
        assertThat(bunny.videosCreated()).isZero();
    }

    @Test
    void aKeyThatMayNotShareFilesIsFatalWithB2sReason() throws Exception {
        try (B2Double readOnly = B2Double.builder(dir.resolve("b2-ro")).privateDownloads()
                .keyCapabilities("listBuckets", "listFiles", "readFiles").start()) {
            readOnly.createBucket(BUCKET);
            RecordingEvent event = spooledRecording("fetch-5").withArchive(new ArchivedFile("b2", BUCKET,
                    "custom/fetch-5/lecture.mp4", "4_z1", readOnly.masterUrl() + "file/" + BUCKET
                    + "/custom/fetch-5/lecture.mp4", null));
            B2DownloadKey key = new B2DownloadKey(readOnly.keyId(), readOnly.applicationKey(),
                    URI.create(readOnly.masterUrl()));

            assertThatThrownBy(() -> step(BunnySettings.Mode.FETCH, key).process(event, TestStepContext.first("test", Stage.STREAM)))
                    .isInstanceOf(FatalStepException.class).hasMessageContaining("shareFiles")
                    .hasMessageContaining("HTTP 401");
            assertThat(bunny.videosCreated()).isZero();
        }
    }

    @Test
    void theArchiveKeySignsWhenTheStreamStageHasNoOwnB2Key() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("pipeline.archive.b2.application-key-id", "archive-id")
                .withProperty("pipeline.archive.b2.application-key", "archive-key")
                .withProperty("pipeline.archive.b2.master-url", "http://127.0.0.1:9/");

        B2DownloadKey key = BunnyStreamConfiguration.downloadKey(settings(BunnySettings.Mode.FETCH, null), environment);

        assertThat(key).isEqualTo(new B2DownloadKey("archive-id", "archive-key", URI.create("http://127.0.0.1:9/")));
        assertThat(key.toString()).doesNotContain("archive-key");
    }

    private StreamStep step(BunnySettings.Mode mode, B2DownloadKey key) {
        BunnySettings settings = settings(mode, key);
        HttpSettings http = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10));
        BunnyApi api = BunnyApi.create(settings, http);
        Optional<B2DownloadAuthorizer> authorizer = Optional.ofNullable(key)
                .map(k -> new B2DownloadAuthorizer(RestClients.create(http, false), k));
        BunnyStreamProvider provider = new BunnyStreamProvider(settings, api,
                new BunnyFetch(settings, api, authorizer, Clock.systemUTC()), http, Clock.systemUTC());
        return new StreamStep(spool, provider);
    }

    private BunnySettings settings(BunnySettings.Mode mode, B2DownloadKey key) {
        return new BunnySettings(LIBRARY, KEY, bunny.apiUrl(), bunny.tusUrl(), null, DataSize.ofKilobytes(256),
                DataSize.ofMegabytes(1), Duration.ofHours(1), "https://play/{libraryId}/{videoId}",
                "https://embed/{libraryId}/{videoId}", false, Duration.ofSeconds(20), Duration.ofMillis(50), mode,
                Duration.ofSeconds(20), key);
    }

    private B2DownloadKey b2Key() {
        return new B2DownloadKey(b2.keyId(), b2.applicationKey(), URI.create(b2.masterUrl()));
    }

    private RecordingEvent spooledRecording(String recordingId) throws IOException {
        Path file = spool.file(recordingId, "lecture.mp4");
        TestFiles.random(file, SIZE, recordingId.hashCode());
        SpooledFile spooled = new SpooledFile(spool.relative(file), SIZE, TestFiles.sha1(file), "video/mp4",
                "lecture.mp4");
        return RecordingEvent.accepted(recordingId, Source.CUSTOM, "Lecture " + recordingId, Map.of(), null,
                Instant.now()).withSpooled(spooled);
    }

    private RecordingEvent archivedRecording(String recordingId) throws Exception {
        RecordingEvent event = spooledRecording(recordingId);
        ArchivedFile archived = B2Files.archive(b2, BUCKET, bucketId, "custom/" + recordingId + "/lecture.mp4",
                spool.resolve(event.spooled()));
        return event.withArchive(archived);
    }
}
