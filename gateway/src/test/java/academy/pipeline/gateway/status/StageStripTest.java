package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.ops.KafkaProbe;
import academy.pipeline.core.ops.StageHeartbeat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage strip from heartbeats and the status view (no broker: queue depths are not measured here, which the
 * tiles say; {@code OperatorPageBrowserTest} sees them measured).
 */
class StageStripTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration SILENT_AFTER = Duration.ofSeconds(10);

    private final RecordingStatusView view = new RecordingStatusView(new StatusViewSettings(100));
    private final StageHeartbeatView heartbeats = new StageHeartbeatView();
    private final KafkaAdmin nowhere = new KafkaAdmin(Map.of("bootstrap.servers", "127.0.0.1:1"));
    private final KafkaProbe probe = new KafkaProbe(nowhere.getConfigurationProperties(), Duration.ofMillis(100));
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final StageStrip strip = new StageStrip(view, new StatusCatchUp(nowhere, view), heartbeats,
            new QueueDepths(nowhere, probe, heartbeats, Duration.ofSeconds(5), Duration.ofMillis(100), clock),
            SILENT_AFTER, clock);

    @AfterEach
    void closeProbe() {
        probe.close();
    }

    @Test
    void aStageIsGreenOnlyWhileItsFreshHeartbeatSaysEveryContainerRuns() {
        heartbeats.apply(heartbeat(Stage.DOWNLOAD, NOW.minusSeconds(1), true, true));
        heartbeats.apply(heartbeat(Stage.ARCHIVE, NOW.minusSeconds(1), true, false));
        heartbeats.apply(heartbeat(Stage.STREAM, NOW.minusSeconds(11), true, true));

        Overview overview = strip.overview();

        Overview.StageTile download = tile(overview, Stage.DOWNLOAD);
        assertThat(download.consumer()).isEqualTo("running");
        assertThat(download.red()).isFalse();
        assertThat(download.why()).isEmpty();
        assertThat(download.instance()).isEqualTo("host-1");

        Overview.StageTile archive = tile(overview, Stage.ARCHIVE);
        assertThat(archive.consumer()).isEqualTo("stopped");
        assertThat(archive.red()).isTrue();
        assertThat(archive.why()).containsExactly("consumer stopped: recordings.archive-retry-0");

        Overview.StageTile stream = tile(overview, Stage.STREAM);
        assertThat(stream.consumer()).isEqualTo("silent");
        assertThat(stream.red()).isTrue();
        assertThat(stream.why()).singleElement().asString().startsWith("no heartbeat for 11 s");

        Overview.StageTile notify = tile(overview, Stage.NOTIFY);
        assertThat(notify.consumer()).isEqualTo("unknown");
        assertThat(notify.red()).isTrue();
        assertThat(notify.problem()).isEqualTo("not measured yet");
    }

    @Test
    void anOlderHeartbeatArrivingLateDoesNotReplaceANewerOne() {
        heartbeats.apply(heartbeat(Stage.DOWNLOAD, NOW.minusSeconds(1), false, true));
        heartbeats.apply(heartbeat(Stage.DOWNLOAD, NOW.minusSeconds(3), true, true));
        assertThat(tile(strip.overview(), Stage.DOWNLOAD).consumer()).isEqualTo("stopped");
    }

    @Test
    void aDeadLetteredRecordingTurnsItsStageRedUntilReplayedAndCountsFollowThePhases() {
        for (Stage stage : Stage.values()) {
            heartbeats.apply(heartbeat(stage, NOW, true, true));
        }
        new StatusEvents(view, "failed").accepted(NOW.minusSeconds(60))
                .succeeded(Stage.DOWNLOAD, NOW.minusSeconds(59), 100, 10)
                .succeeded(Stage.ARCHIVE, NOW.minusSeconds(58), 100, 10)
                .succeeded(Stage.STREAM, NOW.minusSeconds(57), 100, 10)
                .apply(Stage.NOTIFY, Transition.RECEIVED, 1, NOW.minusSeconds(56), null)
                .apply(Stage.NOTIFY, Transition.DEAD_LETTERED, 1, NOW.minusSeconds(55), "HTTP 400");
        new StatusEvents(view, "queued").accepted(NOW.minusSeconds(5));

        Overview failed = strip.overview();
        assertThat(tile(failed, Stage.NOTIFY).red()).isTrue();
        assertThat(tile(failed, Stage.NOTIFY).failed()).isEqualTo(1);
        assertThat(tile(failed, Stage.NOTIFY).why()).containsExactly("1 recording waits in the DLT for a replay or discard");
        assertThat(tile(failed, Stage.STREAM).red()).isFalse();
        assertThat(failed.counts()).containsEntry(Phase.FAILED, 1).containsEntry(Phase.QUEUED, 1)
                .containsEntry(Phase.DONE, 0).hasSize(Phase.values().length);
        assertThat(view.page(RecordingStatusView.STUCK, null, Stage.NOTIFY, 0, 10).recordings())
                .extracting(RecordingSummary::recordingId).containsExactly("failed");
        assertThat(view.page(RecordingStatusView.STUCK, null, Stage.DOWNLOAD, 0, 10).recordings())
                .extracting(RecordingSummary::recordingId).containsExactly("queued");

        new StatusEvents(view, "failed")
                .apply(Stage.NOTIFY, Transition.REPLAYED, 0, NOW.minusSeconds(4), null)
                .succeeded(Stage.NOTIFY, NOW.minusSeconds(3), 100, 10);
        Overview replayed = strip.overview();
        assertThat(tile(replayed, Stage.NOTIFY).red()).isFalse();
        assertThat(replayed.counts()).containsEntry(Phase.FAILED, 0).containsEntry(Phase.DONE, 1);
        assertThat(view.page(RecordingStatusView.STUCK, null, Stage.NOTIFY, 0, 10).total()).isZero();
        RecordingSummary done = view.page("done", null, null, 0, 10).recordings().get(0);
        assertThat(done.reason()).isNull();
        assertThat(done.lastError()).isEqualTo("HTTP 400");
    }

    @Test
    void theRecordingInHandShowsItsProgressRateAndTimeLeft() {
        heartbeats.apply(heartbeat(Stage.ARCHIVE, NOW, true, true));
        new StatusEvents(view, "big").accepted(NOW.minusSeconds(30))
                .succeeded(Stage.DOWNLOAD, NOW.minusSeconds(29), 100, 4_000_000)
                .apply(Stage.ARCHIVE, Transition.RECEIVED, 2, NOW.minusSeconds(10), null)
                .apply(Stage.ARCHIVE, Transition.STARTED, 2, NOW.minusSeconds(10), null)
                .progress(Stage.ARCHIVE, 2, NOW.minusSeconds(2), 1_000_000, 4_000_000);

        Overview.StageTile archive = tile(strip.overview(), Stage.ARCHIVE);
        assertThat(archive.inHand()).singleElement().satisfies(hand -> {
            assertThat(hand.recordingId()).isEqualTo("big");
            assertThat(hand.attempt()).isEqualTo(2);
            assertThat(hand.progress().bytesPerSecond()).isEqualTo(125_000);
            assertThat(hand.progress().etaSeconds()).isEqualTo(24);
        });
        assertThat(archive.red()).isFalse();
    }

    private static Overview.StageTile tile(Overview overview, Stage stage) {
        return overview.stages().stream().filter(t -> t.stage() == stage).findFirst().orElseThrow();
    }

    private static StageHeartbeat heartbeat(Stage stage, Instant at, boolean inbox, boolean retry) {
        return new StageHeartbeat(1, stage, "host-1", inbox && retry ? StageHeartbeat.RUNNING : StageHeartbeat.STOPPED,
                Map.of(stage.inbox(), new StageHeartbeat.Container("recordings-stage-" + stage.id(), inbox),
                        stage.inbox() + "-retry-0",
                        new StageHeartbeat.Container("recordings-stage-" + stage.id() + "-retry-0", retry)),
                at, 2_000);
    }
}
