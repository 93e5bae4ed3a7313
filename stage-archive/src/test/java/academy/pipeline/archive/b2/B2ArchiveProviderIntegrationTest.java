package academy.pipeline.archive.b2;

import academy.pipeline.core.event.Stage;
import academy.pipeline.testkit.TestStepContext;
import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.b2.StoredFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The B2 provider with the real b2-sdk-java against the B2 double over HTTP on 127.0.0.1. */
class B2ArchiveProviderIntegrationTest {

    static final String BUCKET = "academy-archive";
    static final long PART = 256 * 1024;

    @TempDir
    Path dir;

    B2Double b2;
    B2ArchiveProvider provider;

    @BeforeEach
    void startDouble() throws Exception {
        b2 = b2Double(B2Double.builder(dir.resolve("b2")).bucket(BUCKET).partSizes(PART, PART)).start();
    }

    /** The double every test of this class runs against; a subclass runs them all with another kind of key. */
    B2Double.Builder b2Double(B2Double.Builder builder) {
        return builder;
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        b2.close();
    }

    @Test
    void smallFileGoesUpInOneUploadByteIdenticalAndSha1Verified() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        Path file = TestFiles.random(dir.resolve("small.mp4"), 300_000, 1);
        TestStepContext context = TestStepContext.first("rec-small", Stage.ARCHIVE);

        ArchivedFile archived = provider.archive(event("rec-small", file), file, "zoom/2026/11/rec-small/small.mp4", context);

        StoredFile stored = onlyVersion("zoom/2026/11/rec-small/small.mp4");
        assertThat(b2.faults().calls("b2_upload_file")).isEqualTo(1);
        assertThat(b2.faults().calls("b2_upload_part")).isZero();
        assertThat(stored.contentSha1()).isEqualTo(TestFiles.sha1(file));
        assertThat(sha1Of(stored)).isEqualTo(TestFiles.sha1(file));
        assertThat(archived).isEqualTo(new ArchivedFile("b2", BUCKET, "zoom/2026/11/rec-small/small.mp4",
                stored.fileId(), b2.masterUrl() + "file/" + BUCKET + "/zoom/2026/11/rec-small/small.mp4",
                TestFiles.sha1(file)));
        assertThat(context.lastProgress()).isEqualTo(300_000);
        assertThat(downloadSha1(archived.url())).isEqualTo(TestFiles.sha1(file));
    }

    @Test
    void largeFileGoesUpInConcurrentPartsByteIdenticalWithLargeFileSha1() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        Path file = TestFiles.random(dir.resolve("large.mp4"), 6 * PART + 12_345, 2);
        TestStepContext context = TestStepContext.first("rec-large", Stage.ARCHIVE);

        ArchivedFile archived = provider.archive(event("rec-large", file), file, "manual/rec-large/large.mp4", context);

        StoredFile stored = onlyVersion("manual/rec-large/large.mp4");
        assertThat(b2.faults().calls("b2_start_large_file")).isEqualTo(1);
        assertThat(b2.faults().calls("b2_upload_part")).isEqualTo(6);
        assertThat(b2.faults().calls("b2_upload_file")).isZero();
        assertThat(stored.segments()).hasSize(6);
        assertThat(stored.contentSha1()).isEqualTo("none");
        assertThat(stored.fileInfo()).containsEntry("large_file_sha1", TestFiles.sha1(file));
        assertThat(sha1Of(stored)).isEqualTo(TestFiles.sha1(file));
        assertThat(archived.sha1()).isEqualTo(TestFiles.sha1(file));
        assertThat(archived.fileId()).isEqualTo(stored.fileId());
        assertThat(context.lastProgress()).isEqualTo(Files.size(file));
        assertThat(b2.unfinishedFileNames()).isEmpty();
    }

    @Test
    void retryAfterCrashMidLargeFileResumesItAndLeavesOneFinishedFileAndNoUnfinished() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        Path file = TestFiles.random(dir.resolve("crash.mp4"), 8 * PART, 3);
        String name = "custom/rec-crash/crash.mp4";
        b2.faults().failAfter("b2_upload_part", 3, 1, 503, null);

        assertThatThrownBy(() -> provider.archive(event("rec-crash", file), file, name, TestStepContext.first("rec-crash", Stage.ARCHIVE)))
                .isInstanceOf(RetryableStepException.class)
                .hasMessageContaining("503");
        assertThat(b2.unfinishedFileNames()).containsExactly(name);
        assertThat(b2.versions(BUCKET, name)).isEmpty();
        int partsBefore = b2.faults().calls("b2_upload_part");

        ArchivedFile archived = provider.archive(event("rec-crash", file), file, name, TestStepContext.first("rec-crash", Stage.ARCHIVE));

        assertThat(b2.unfinishedFileNames()).isEmpty();
        StoredFile stored = onlyVersion(name);
        assertThat(sha1Of(stored)).isEqualTo(TestFiles.sha1(file));
        assertThat(archived.fileId()).isEqualTo(stored.fileId());
        assertThat(b2.faults().calls("b2_start_large_file")).as("the unfinished file was resumed").isEqualTo(1);
        assertThat(b2.faults().calls("b2_upload_part") - partsBefore).as("parts stored before the crash are kept")
                .isLessThan(8);
    }

    @Test
    void unfinishedLargeFileOfOtherContentUnderTheSameNameIsCancelled() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        String name = "custom/rec-replaced/video.mp4";
        Path first = TestFiles.random(dir.resolve("first.mp4"), 4 * PART, 4);
        b2.faults().failAfter("b2_upload_part", 1, 1, 500, null);
        assertThatThrownBy(() -> provider.archive(event("rec-replaced", first), first, name,
                TestStepContext.first("rec-replaced", Stage.ARCHIVE))).isInstanceOf(RetryableStepException.class);
        assertThat(b2.unfinishedFileNames()).containsExactly(name);

        Path second = TestFiles.random(dir.resolve("second.mp4"), 5 * PART, 5);
        provider.archive(event("rec-replaced", second), second, name, TestStepContext.first("rec-replaced", Stage.ARCHIVE));

        assertThat(b2.unfinishedFileNames()).isEmpty();
        assertThat(b2.faults().calls("b2_cancel_large_file")).isEqualTo(1);
        assertThat(sha1Of(onlyVersion(name))).isEqualTo(TestFiles.sha1(second));
    }

    @Test
    void rerunAfterSuccessReusesTheArchivedFileInsteadOfUploadingASecondVersion() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        Path small = TestFiles.random(dir.resolve("again.mp4"), 100_000, 6);
        Path large = TestFiles.random(dir.resolve("again-large.mp4"), 3 * PART, 7);
        ArchivedFile firstSmall = provider.archive(event("rec-again", small), small, "again/small.mp4",
                TestStepContext.first("rec-again", Stage.ARCHIVE));
        ArchivedFile firstLarge = provider.archive(event("rec-again-l", large), large, "again/large.mp4",
                TestStepContext.first("rec-again-l", Stage.ARCHIVE));

        ArchivedFile secondSmall = provider.archive(event("rec-again", small), small, "again/small.mp4",
                TestStepContext.first("rec-again", Stage.ARCHIVE));
        ArchivedFile secondLarge = provider.archive(event("rec-again-l", large), large, "again/large.mp4",
                TestStepContext.first("rec-again-l", Stage.ARCHIVE));

        assertThat(secondSmall).isEqualTo(firstSmall);
        assertThat(secondLarge).isEqualTo(firstLarge);
        assertThat(b2.faults().calls("b2_upload_file")).isEqualTo(1);
        assertThat(b2.faults().calls("b2_start_large_file")).isEqualTo(1);
        assertThat(b2.versions(BUCKET, "again/small.mp4")).hasSize(1);
        assertThat(b2.versions(BUCKET, "again/large.mp4")).hasSize(1);
    }

    @Test
    void spoolFileThatNoLongerMatchesItsSha1IsFatalAndLeavesNothingInTheBucket() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        Path small = TestFiles.random(dir.resolve("bad-small.mp4"), 50_000, 8);
        Path large = TestFiles.random(dir.resolve("bad-large.mp4"), 3 * PART, 9);
        String wrong = "0".repeat(40);

        assertThatThrownBy(() -> provider.archive(event("rec-bad", small, wrong), small, "bad/small.mp4",
                TestStepContext.first("rec-bad", Stage.ARCHIVE))).isInstanceOf(FatalStepException.class)
                .hasMessageContaining("400");
        assertThatThrownBy(() -> provider.archive(event("rec-bad-l", large, wrong), large, "bad/large.mp4",
                TestStepContext.first("rec-bad-l", Stage.ARCHIVE))).isInstanceOf(FatalStepException.class)
                .hasMessageContaining(TestFiles.sha1(large));

        assertThat(b2.allFiles()).isEmpty();
        assertThat(b2.unfinishedFileNames()).isEmpty();
    }

    @Test
    void rejectedKeyIsFatalWithAClearReasonThatHoldsNoSecret() throws Exception {
        provider = provider("K001-wrong-key-value", 1, 5);
        Path file = TestFiles.random(dir.resolve("denied.mp4"), 10_000, 10);

        assertThatThrownBy(() -> provider.archive(event("rec-denied", file), file, "denied.mp4",
                TestStepContext.first("rec-denied", Stage.ARCHIVE)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("B2_APPLICATION_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("K001-wrong-key-value"));
        assertThat(b2.faults().calls("b2_authorize_account")).isEqualTo(1);
    }

    @Test
    void aKeyRevokedAfterAuthorizingIsFatalWithB2sMessage() throws Exception {
        provider = provider(b2.applicationKey(), 1, 5);
        Path first = TestFiles.random(dir.resolve("before-revoke.mp4"), 10_000, 12);
        provider.archive(event("rec-before-revoke", first), first, "before-revoke.mp4",
                TestStepContext.first("rec-before-revoke", Stage.ARCHIVE));
        b2.faults().outage(401);
        Path file = TestFiles.random(dir.resolve("revoked.mp4"), 10_000, 13);

        // the first call of the step lists file names: the SDK's iterator wraps B2's 401 in a runtime exception
        assertThatThrownBy(() -> provider.archive(event("rec-revoked", file), file, "revoked.mp4",
                TestStepContext.first("rec-revoked", Stage.ARCHIVE)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("The application key is not valid");
    }

    @Test
    void circuitBreakerOpensDuringAnOutageSoArchivesFailFastWithoutCallingB2() throws Exception {
        provider = provider(b2.applicationKey(), 1, 2);
        Path file = TestFiles.random(dir.resolve("outage.mp4"), 10_000, 11);
        b2.faults().failNext("b2_get_upload_url", 100, 503);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> provider.archive(event("rec-outage", file), file, "outage.mp4",
                    TestStepContext.first("rec-outage", Stage.ARCHIVE)))
                    .isInstanceOf(RetryableStepException.class).hasMessageContaining("503");
        }
        int callsBefore = b2.faults().calls("b2_get_upload_url") + b2.faults().calls("b2_list_file_names");

        assertThatThrownBy(() -> provider.archive(event("rec-outage", file), file, "outage.mp4",
                TestStepContext.first("rec-outage", Stage.ARCHIVE)))
                .isInstanceOf(RetryableStepException.class).hasMessageContaining("circuit breaker is open");
        assertThat(provider.circuitState()).isEqualTo("OPEN");
        assertThat(b2.faults().calls("b2_get_upload_url") + b2.faults().calls("b2_list_file_names"))
                .isEqualTo(callsBefore);
    }

    B2ArchiveProvider provider(String key, int attemptsPerCall, int breakerMinimumCalls) {
        return provider(key, BUCKET, attemptsPerCall, breakerMinimumCalls);
    }

    B2ArchiveProvider provider(String key, String bucket, int attemptsPerCall, int breakerMinimumCalls) {
        return new B2ArchiveProvider(new B2ArchiveSettings(b2.keyId(), key, bucket, b2.masterUrl(),
                DataSize.ofBytes(2 * PART), 3, Duration.ofSeconds(5), Duration.ofSeconds(20), attemptsPerCall,
                Duration.ofSeconds(2), breakerMinimumCalls, 50, Duration.ofMinutes(1), true));
    }

    private StoredFile onlyVersion(String name) {
        List<StoredFile> versions = b2.versions(BUCKET, name);
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }

    private String sha1Of(StoredFile stored) throws Exception {
        Path copy = Files.createTempFile(dir, "stored", ".bin");
        try (InputStream in = b2.open(stored)) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return TestFiles.sha1(copy);
    }

    private String downloadSha1(String url) throws Exception {
        Path copy = dir.resolve("downloaded.bin");
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofFile(copy));
        assertThat(response.statusCode()).isEqualTo(200);
        return TestFiles.sha1(copy);
    }

    static RecordingEvent event(String recordingId, Path file) throws Exception {
        return event(recordingId, file, TestFiles.sha1(file));
    }

    private static RecordingEvent event(String recordingId, Path file, String sha1) throws Exception {
        return RecordingEvent.accepted(recordingId, Source.CUSTOM, "title", Map.of(), null, Instant.now())
                .withSpooled(new SpooledFile(recordingId + "/" + file.getFileName(), Files.size(file), sha1,
                        "video/mp4", file.getFileName().toString()));
    }
}
