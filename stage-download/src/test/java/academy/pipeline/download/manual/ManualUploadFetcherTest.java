package academy.pipeline.download.manual;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.core.spool.TransferListener;
import academy.pipeline.testkit.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualUploadFetcherTest {

    /** The runtime's context reduced to what a fetcher uses. */
    private record Context(String recordingId) implements StepContext {
        @Override public Stage stage() { return Stage.DOWNLOAD; }
        @Override public int attempt() { return 1; }
        @Override public Instant deadline() { return Instant.now().plusSeconds(60); }
        @Override public TransferListener transfer(long totalBytes) { return TransferListener.NONE; }
    }

    @TempDir
    Path dataDir;

    private RecordingEvent event(Path data, long size) {
        return RecordingEvent.accepted("ace-42", Source.MANUAL, "Lecture", Map.of("ace_id", "42"),
                Origin.ofPath(data.toString(), size, "lecture.mp4", "video/mp4"), Instant.now());
    }

    @Test
    void renamesTheUploadIntoTheSpoolAndRemovesTheTusUpload() throws Exception {
        Path upload = Files.createDirectories(dataDir.resolve("tus/uploads/0b6c1f1e-aaaa-bbbb-cccc-111122223333"));
        Path data = TestFiles.random(upload.resolve("data"), 500_000, 1);
        Files.writeString(upload.resolve("info"), "serialized upload info");
        Files.createFile(upload.resolve("published"));
        String sha1 = TestFiles.sha1(data);
        Object inode = Files.getAttribute(data, "unix:ino");
        Spool spool = new Spool(dataDir.resolve("spool"));
        ManualUploadFetcher fetcher = new ManualUploadFetcher(spool, dataDir.resolve("tus"));

        SpooledFile spooled = fetcher.fetch(event(data, 500_000), new Context("ace-42"));

        Path inSpool = spool.resolve(spooled);
        assertThat(spooled.sha1()).isEqualTo(sha1);
        assertThat(spooled.size()).isEqualTo(500_000);
        assertThat(spooled.contentType()).isEqualTo("video/mp4");
        assertThat(Files.getAttribute(inSpool, "unix:ino")).as("renamed, not copied").isEqualTo(inode);
        assertThat(upload).doesNotExist();

        SpooledFile again = fetcher.fetch(event(data, 500_000), new Context("ace-42"));
        assertThat(again).isEqualTo(spooled);
    }

    @Test
    void aRetryAfterACrashBetweenMoveAndCommitFinishesFromThePartFile() throws Exception {
        Path upload = Files.createDirectories(dataDir.resolve("tus/uploads/1b6c1f1e-aaaa-bbbb-cccc-111122223333"));
        Path data = TestFiles.random(upload.resolve("data"), 300_000, 2);
        String sha1 = TestFiles.sha1(data);
        Spool spool = new Spool(dataDir.resolve("spool"));
        Path part = spool.partFile(spool.file("ace-42", "lecture.mp4"));
        Files.move(data, part);

        SpooledFile spooled = new ManualUploadFetcher(spool, dataDir.resolve("tus")).fetch(event(data, 300_000), new Context("ace-42"));

        assertThat(spooled.sha1()).isEqualTo(sha1);
        assertThat(part).doesNotExist();
        assertThat(upload).doesNotExist();
    }

    @Test
    void anExternalUploadLosesItsInfoFileAndAWrongSizeOrAPathOutsideIsFatal() throws Exception {
        Path data = TestFiles.random(dataDir.resolve("tus/external/abc"), 1000, 3);
        Path info = Files.writeString(dataDir.resolve("tus/external/abc.info"), "{}");
        Spool spool = new Spool(dataDir.resolve("spool"));
        ManualUploadFetcher fetcher = new ManualUploadFetcher(spool, dataDir.resolve("tus"));

        assertThatThrownBy(() -> fetcher.fetch(event(data, 999), new Context("ace-42"))).isInstanceOf(FatalStepException.class);
        Path outside = TestFiles.random(dataDir.resolve("elsewhere/x"), 10, 4);
        assertThatThrownBy(() -> fetcher.fetch(event(outside, 10), new Context("ace-42"))).isInstanceOf(FatalStepException.class);
        assertThat(outside).exists();

        fetcher.fetch(event(data, 1000), new Context("ace-42"));
        assertThat(data).doesNotExist();
        assertThat(info).doesNotExist();
    }
}
