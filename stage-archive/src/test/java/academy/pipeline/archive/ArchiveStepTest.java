package academy.pipeline.archive;

import academy.pipeline.core.event.Stage;
import academy.pipeline.testkit.TestStepContext;
import academy.pipeline.archive.b2.B2ArchiveProvider;
import academy.pipeline.archive.b2.B2ArchiveSettings;
import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.b2.StoredFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The archive step against the B2 double's contract (b2-sdk-java over HTTP): the spooled file lands in the bucket
 * under the configured name with the spooled SHA-1, once however often the step runs, and a spooled file that is
 * gone fails fatally without calling B2.
 */
class ArchiveStepTest {

    private static final String BUCKET = "academy-archive";

    @TempDir
    Path dir;

    private B2Double b2;
    private B2ArchiveProvider provider;
    private Spool spool;
    private ArchiveStep step;

    @BeforeEach
    void start() throws Exception {
        b2 = B2Double.builder(dir.resolve("b2")).bucket(BUCKET).start();
        provider = new B2ArchiveProvider(new B2ArchiveSettings(b2.keyId(), b2.applicationKey(), BUCKET, b2.masterUrl(),
                DataSize.ofMegabytes(200), 1, Duration.ofSeconds(5), Duration.ofSeconds(20), 1, Duration.ofSeconds(2),
                5, 50, Duration.ofMinutes(1), true));
        spool = new Spool(dir.resolve("spool"));
        step = new ArchiveStep(spool, provider, new ArchiveFileNames(ArchiveFileNames.DEFAULT_TEMPLATE));
    }

    @AfterEach
    void stop() {
        provider.close();
        b2.close();
    }

    @Test
    void archivesTheSpooledFileUnderItsTemplateNameWithItsSha1() throws Exception {
        RecordingEvent event = spooled("custom-archive-1", 120_000);

        RecordingEvent out = step.process(event, TestStepContext.first("custom-archive-1", Stage.ARCHIVE));

        String name = "custom/2026/12/custom-archive-1/lecture.mp4";
        StoredFile stored = b2.latest(BUCKET, name).orElseThrow();
        assertThat(stored.contentSha1()).isEqualTo(event.spooled().sha1());
        assertThat(out.archive()).isEqualTo(new ArchivedFile("b2", BUCKET, name, stored.fileId(),
                b2.masterUrl() + "file/" + BUCKET + "/" + name, event.spooled().sha1()));
        assertThat(out.spooled()).isEqualTo(event.spooled());
    }

    @Test
    void runningAgainKeepsOneCopyAndTheSameFileId() throws Exception {
        RecordingEvent event = spooled("custom-archive-2", 50_000);

        RecordingEvent first = step.process(event, TestStepContext.first("custom-archive-2", Stage.ARCHIVE));
        RecordingEvent again = step.process(event, TestStepContext.first("custom-archive-2", Stage.ARCHIVE));

        assertThat(again.archive().fileId()).isEqualTo(first.archive().fileId());
        assertThat(b2.versions(BUCKET, first.archive().fileName())).hasSize(1);
    }

    @Test
    void aSpooledFileThatIsGoneFailsFatallyWithoutCallingB2() throws Exception {
        RecordingEvent event = spooled("custom-archive-3", 1_000);
        Files.delete(spool.resolve(event.spooled()));

        assertThatThrownBy(() -> step.process(event, TestStepContext.first("custom-archive-3", Stage.ARCHIVE)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("replay the download stage");
        assertThat(b2.faults().calls("b2_upload_file")).isZero();
    }

    private RecordingEvent spooled(String recordingId, int size) throws Exception {
        Path file = TestFiles.random(spool.file(recordingId, "lecture.mp4"), size, recordingId.hashCode());
        return RecordingEvent.accepted(recordingId, Source.CUSTOM, "Lecture", Map.of(), null,
                        Instant.parse("2026-12-02T10:00:00Z"))
                .withSpooled(new SpooledFile(spool.relative(file), size, TestFiles.sha1(file), "video/mp4",
                        "lecture.mp4"));
    }
}
