package academy.pipeline.download;

import academy.pipeline.testkit.TestStepContext;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.download.manual.ManualUploadFetcher;
import academy.pipeline.download.zoom.ZoomDownloadConfiguration;
import academy.pipeline.download.zoom.ZoomDownloadSettings;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;
import academy.pipeline.testkit.zoom.ZoomDownloadServer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The download step with the fetchers the stage wires, the Zoom one against the Zoom double over real HTTP. */
class DownloadStepTest {

    @TempDir
    Path dir;

    ZoomDownloadServer zoom;
    Spool spool;
    DownloadStep step;

    @BeforeEach
    void start() throws IOException {
        zoom = ZoomDownloadServer.start();
        spool = new Spool(dir.resolve("spool"));
        ZoomDownloadSettings settings = new ZoomDownloadSettings(List.of("127.0.0.1"), true, 5, null, null, null,
                zoom.oauthUrl(), zoom.apiUrl(), Duration.ofHours(1), false);
        HttpSettings http = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
        step = new DownloadStep(List.of(ZoomDownloadConfiguration.create(http, settings, spool),
                new ManualUploadFetcher(spool, dir.resolve("tus")), new LocalFileIntake(spool)));
    }

    @AfterEach
    void stop() {
        zoom.close();
    }

    @Test
    void aZoomRecordingIsSpooledWholeAndTheEventLosesItsDownloadToken() throws Exception {
        Path source = TestFiles.random(dir.resolve("lecture.mp4"), 3_000_000, 1);
        RecordingFile file = zoom.add("meeting-uuid==", "file-1", source);
        zoom.acceptToken("download-token-1");
        RecordingEvent event = RecordingEvent.accepted("zoom-1", Source.ZOOM, "Lecture", Map.of("topic", "Lecture"),
                Origin.ofZoom(new ZoomFile("meeting-uuid==", "file-1"), file.webhookDownloadUrl(), "download-token-1",
                        3_000_000L, "Lecture speaker_view.mp4", null), Instant.now());

        RecordingEvent done = step.process(event, TestStepContext.first("zoom-1", Stage.DOWNLOAD));

        assertThat(done.spooled().size()).isEqualTo(3_000_000);
        assertThat(done.spooled().sha1()).isEqualTo(TestFiles.sha1(source));
        assertThat(done.spooled().contentType()).isEqualTo("video/mp4");
        assertThat(done.spooled().path()).isEqualTo("zoom-1/Lecture speaker_view.mp4");
        assertThat(TestFiles.sha1(spool.resolve(done.spooled()))).isEqualTo(TestFiles.sha1(source));
        assertThat(done.origin().token()).isNull();
        assertThat(done.origin().zoom()).isEqualTo(new ZoomFile("meeting-uuid==", "file-1"));
        assertThat(zoom.requests()).extracting(ZoomDownloadServer.Request::status).containsExactly(302, 200);
    }

    @Test
    void aCustomFileInTheRecordingsSpoolDirectoryIsVerifiedAndTypedByItsExtension() throws Exception {
        Path file = TestFiles.random(spool.directory("custom-1").resolve("talk.webm"), 100_000, 2);
        RecordingEvent event = RecordingEvent.accepted("custom-1", Source.CUSTOM, "Talk", Map.of(),
                Origin.ofPath(file.toString(), 100_000L, null, null), Instant.now());

        RecordingEvent done = step.process(event, TestStepContext.first("custom-1", Stage.DOWNLOAD));

        assertThat(done.spooled().sha1()).isEqualTo(TestFiles.sha1(file));
        assertThat(done.spooled().contentType()).isEqualTo("video/webm");
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void aSourceNoFetcherSupportsIsFatal() {
        DownloadStep withoutFetchers = new DownloadStep(List.of());
        RecordingEvent event = RecordingEvent.accepted("custom-2", Source.CUSTOM, "Talk", Map.of(),
                Origin.ofPath("/nowhere/talk.mp4", null, null, null), Instant.now());

        assertThatThrownBy(() -> withoutFetchers.process(event, TestStepContext.first("custom-2", Stage.DOWNLOAD)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("no fetcher for source custom");
    }
}
