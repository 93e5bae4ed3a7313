package academy.pipeline.notify;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.StreamedVideo;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The notify step against the testkit website's contract (signed JSON POST, {@code Idempotency-Key}, 2xx means
 * accepted): the website learns both locations, and only then is the spooled copy deleted. The step context is
 * not used by this step, so the tests pass none.
 */
class NotifyStepTest {

    private static final String SECRET = "notify-secret";

    @TempDir
    Path spoolDir;

    private WebsiteReceiver website;
    private Spool spool;
    private NotifyStep step;

    @BeforeEach
    void start() throws Exception {
        website = WebsiteReceiver.start(SECRET);
        spool = new Spool(spoolDir);
        NotifyStageConfiguration configuration = new NotifyStageConfiguration();
        WebsiteNotifier notifier = configuration.websiteNotifier(
                new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new NotifySettings(website.url(), SECRET, Duration.ofSeconds(5)), Clock.systemUTC());
        step = configuration.notifyStep(notifier, spool);
    }

    @AfterEach
    void stop() {
        website.close();
    }

    @Test
    void tellsTheWebsiteWhereTheRecordingIsThenDeletesTheSpooledCopy() throws Exception {
        RecordingEvent event = spooledAndPublished("custom-notify-1");

        RecordingEvent out = step.process(event, null);

        assertThat(out).isEqualTo(event);
        assertThat(spool.exists("custom-notify-1")).isFalse();
        WebsiteReceiver.Received received = website.accepted().get(0);
        assertThat(received.idempotencyKey()).isEqualTo("custom-notify-1");
        assertThat(received.signatureValid()).isTrue();
        JsonNode body = EventCodec.mapper().readTree(received.body());
        assertThat(body.get("archive").get("url").asString()).isEqualTo("https://b2.example/file/archive/lecture.mp4");
        assertThat(body.get("stream").get("playUrl").asString()).isEqualTo("https://play.example/v-1");
        assertThat(body.get("file").get("size").asLong()).isEqualTo(3);
    }

    @Test
    void keepsTheSpooledCopyWhenTheWebsiteDidNotAccept() throws Exception {
        RecordingEvent event = spooledAndPublished("custom-notify-2");
        website.failNext(1, 503);

        assertThatThrownBy(() -> step.process(event, null)).hasMessageContaining("503");

        assertThat(spool.exists("custom-notify-2")).isTrue();
        assertThat(website.accepted()).isEmpty();
    }

    @Test
    void runningAgainAfterACrashSendsTheSameIdempotencyKeyAndSucceeds() throws Exception {
        RecordingEvent event = spooledAndPublished("custom-notify-3");

        step.process(event, null);
        step.process(event, null);

        assertThat(website.accepted()).extracting(WebsiteReceiver.Received::idempotencyKey)
                .containsExactly("custom-notify-3", "custom-notify-3");
        assertThat(spool.exists("custom-notify-3")).isFalse();
    }

    private RecordingEvent spooledAndPublished(String recordingId) throws Exception {
        Path file = spool.file(recordingId, "lecture.mp4");
        Files.writeString(file, "abc");
        return RecordingEvent.accepted(recordingId, Source.CUSTOM, "Lecture", Map.of(), null,
                        Instant.parse("2026-12-02T10:00:00Z"))
                .withSpooled(new SpooledFile(spool.relative(file), 3, "a9993e364706816aba3e25717850c26c9cd0d89d",
                        "video/mp4", "lecture.mp4"))
                .withArchive(new ArchivedFile("b2", "archive", "lecture.mp4", "4_z1", "https://b2.example/file/archive/lecture.mp4",
                        "a9993e364706816aba3e25717850c26c9cd0d89d"))
                .withStream(new StreamedVideo("bunny", "42", "v-1", "https://play.example/v-1", "https://embed.example/v-1"));
    }
}
