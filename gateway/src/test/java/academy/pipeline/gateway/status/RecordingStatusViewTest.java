package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the view folds status events: order, replays, progress, duplicates, and its memory bounds. */
class RecordingStatusViewTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private final RecordingStatusView view = new RecordingStatusView(new StatusViewSettings(10_000));

    @Test
    void nextStageReceivingBeforeThePreviousStampedSucceededCountsAsRunningThere() {
        String id = "rec-1";
        view.apply(accepted(id, 0));
        view.apply(at(id, Stage.DOWNLOAD, Transition.RECEIVED, 1, 10));
        view.apply(at(id, Stage.DOWNLOAD, Transition.SUCCEEDED, 1, 50).withEvent(event(id)));
        // archive took the record at +40 ms, while download stamped its success only at +50 ms
        view.apply(at(id, Stage.ARCHIVE, Transition.RECEIVED, 1, 40).withEvent(event(id)));
        view.apply(at(id, Stage.ARCHIVE, Transition.STARTED, 1, 41));

        RecordingStatus status = view.find(id).orElseThrow();
        assertThat(status.stage()).isEqualTo(Stage.ARCHIVE);
        assertThat(status.state()).isEqualTo(Transition.STARTED);
        assertThat(status.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void replayStartingAgainAtAttemptOneReplacesTheEarlierRunsRecordsAndEndsDone() {
        String id = "rec-2";
        view.apply(accepted(id, 0));
        view.apply(at(id, Stage.NOTIFY, Transition.RECEIVED, 1, 100).withEvent(event(id)));
        view.apply(at(id, Stage.NOTIFY, Transition.DEAD_LETTERED, 1, 200).withReason("HTTP 400").withDuration(100));
        assertThat(view.find(id).orElseThrow().phase()).isEqualTo(Phase.FAILED);
        assertThat(view.find(id).orElseThrow().failedStage()).isEqualTo(Stage.NOTIFY);

        view.apply(at(id, Stage.NOTIFY, Transition.REPLAYED, 0, 1_000).withEvent(event(id)));
        assertThat(view.find(id).orElseThrow().phase()).isEqualTo(Phase.QUEUED);
        view.apply(at(id, Stage.NOTIFY, Transition.RECEIVED, 1, 1_001).withEvent(event(id)));
        view.apply(at(id, Stage.NOTIFY, Transition.SUCCEEDED, 1, 1_050).withDuration(49).withEvent(event(id)));

        RecordingStatus status = view.find(id).orElseThrow();
        assertThat(status.phase()).isEqualTo(Phase.DONE);
        assertThat(status.lastError()).isEqualTo("HTTP 400");
        assertThat(status.reason()).isNull();
        assertThat(status.attempts()).extracting(Attempt::outcome).containsExactly("dead-lettered", "succeeded");
        assertThat(status.attempts().get(0).startedAt()).isEqualTo(T0.plusMillis(100));
        assertThat(status.history()).extracting(StatusEvent::transition).containsExactly(Transition.ACCEPTED,
                Transition.DEAD_LETTERED, Transition.REPLAYED, Transition.RECEIVED, Transition.SUCCEEDED);
        assertThat(status.history()).allMatch(h -> h.event() == null);
        assertThat(status.inputs()).containsOnlyKeys(Stage.DOWNLOAD, Stage.NOTIFY);
    }

    @Test
    void aDuplicateAfterTheRecordingIsDoneLeavesItDone() {
        String id = "rec-dup";
        view.apply(accepted(id, 0));
        long t = 10;
        for (Stage stage : Stage.values()) {
            view.apply(at(id, stage, Transition.RECEIVED, 1, t).withEvent(event(id)));
            view.apply(at(id, stage, Transition.STARTED, 1, t + 1));
            view.apply(at(id, stage, Transition.SUCCEEDED, 1, t + 5).withDuration(5).withEvent(event(id)));
            t += 10;
        }
        assertThat(view.find(id).orElseThrow().phase()).isEqualTo(Phase.DONE);
        // archive and notify restarted after a crash between publish and commit: their records come again
        for (Stage stage : List.of(Stage.ARCHIVE, Stage.NOTIFY)) {
            view.apply(at(id, stage, Transition.RECEIVED, 1, t).withEvent(event(id)));
            view.apply(at(id, stage, Transition.STARTED, 1, t + 1));
            view.apply(at(id, stage, Transition.DUPLICATE, 1, t + 2).withReason("already handed over"));
            t += 10;
        }

        RecordingStatus status = view.find(id).orElseThrow();
        assertThat(status.phase()).isEqualTo(Phase.DONE);
        assertThat(status.stage()).isEqualTo(Stage.NOTIFY);
        assertThat(status.state()).isEqualTo(Transition.SUCCEEDED);
        assertThat(status.lastError()).isNull();
        assertThat(status.failedStage()).isNull();
        assertThat(status.attempts()).extracting(Attempt::outcome).contains("duplicate").doesNotContain("running");
        assertThat(view.page("done", null, null, 0, 10).recordings()).extracting(RecordingSummary::recordingId).contains(id);
    }

    @Test
    void progressShowsOnlyWhileItsTryRuns() {
        String id = "rec-3";
        view.apply(accepted(id, 0));
        view.apply(at(id, Stage.ARCHIVE, Transition.RECEIVED, 2, 10));
        view.apply(at(id, Stage.ARCHIVE, Transition.PROGRESS, 2, 20).withBytes(300L, 1_000L));
        view.apply(at(id, Stage.ARCHIVE, Transition.PROGRESS, 2, 15).withBytes(100L, 1_000L));

        RecordingStatus running = view.find(id).orElseThrow();
        assertThat(running.progress()).isEqualTo(new Progress(300, 1_000L, T0.plusMillis(20), T0.plusMillis(10), 30_000L, 0L));
        assertThat(running.attempts().get(0).bytesDone()).isEqualTo(300);

        view.apply(at(id, Stage.ARCHIVE, Transition.RETRY_SCHEDULED, 2, 30).withReason("connection reset"));
        RecordingStatus retrying = view.find(id).orElseThrow();
        assertThat(retrying.phase()).isEqualTo(Phase.RETRYING);
        assertThat(retrying.progress()).isNull();
        assertThat(retrying.reason()).isEqualTo("connection reset");
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        String id = "rec-4";
        StatusEvent received = at(id, Stage.DOWNLOAD, Transition.RECEIVED, 1, 10).withEvent(event(id));
        view.apply(accepted(id, 0));
        view.apply(received);
        RecordingStatus once = view.find(id).orElseThrow();
        view.apply(received);
        view.apply(accepted(id, 0));

        assertThat(view.find(id).orElseThrow()).isEqualTo(once);
    }

    @Test
    void historyOfOneRecordingIsCapped() {
        String id = "rec-5";
        view.apply(accepted(id, 0));
        for (int attempt = 1; attempt <= 150; attempt++) {
            view.apply(at(id, Stage.DOWNLOAD, Transition.RECEIVED, attempt, attempt * 10L));
            view.apply(at(id, Stage.DOWNLOAD, Transition.RETRY_SCHEDULED, attempt, attempt * 10L + 5).withReason("x"));
        }

        RecordingStatus status = view.find(id).orElseThrow();
        assertThat(status.history()).hasSize(RecordingHistory.MAX_TRANSITIONS);
        assertThat(status.history().get(status.history().size() - 1).attempt()).isEqualTo(150);
    }

    @Test
    void pastTheLimitFinishedRecordingsAreForgottenFirst() {
        RecordingStatusView small = new RecordingStatusView(new StatusViewSettings(10));
        for (int i = 0; i < 6; i++) {
            String failed = "failed-" + i;
            small.apply(accepted(failed, i));
            small.apply(at(failed, Stage.ARCHIVE, Transition.DEAD_LETTERED, 1, i + 1).withReason("bad"));
        }
        for (int i = 0; i < 6; i++) {
            String done = "done-" + i;
            small.apply(accepted(done, 100 + i));
            small.apply(at(done, Stage.NOTIFY, Transition.SUCCEEDED, 1, 101 + i));
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
        for (int i = 0; i < 6; i++) {
            assertThat(small.find("failed-" + i)).as("failed-" + i).isPresent();
        }
        assertThat(small.find("done-5")).isPresent();
        assertThat(small.find("done-0")).isEmpty();
    }

    @Test
    void pagesFilterByPhaseOrTransitionAndSourceNewestFirst() {
        for (int i = 0; i < 5; i++) {
            view.apply(accepted("rec-p" + i, i * 1_000L));
        }
        view.apply(at("rec-p1", Stage.NOTIFY, Transition.DEAD_LETTERED, 1, 1_500).withReason("x"));

        assertThat(view.page(null, null, null, 0, 2).recordings()).extracting(RecordingSummary::recordingId)
                .containsExactly("rec-p4", "rec-p3");
        assertThat(view.page(null, null, null, 2, 2).recordings()).extracting(RecordingSummary::recordingId)
                .containsExactly("rec-p0");
        assertThat(view.page("failed", Source.CUSTOM, null, 0, 10).total()).isEqualTo(1);
        assertThat(view.page("dead-lettered", null, null, 0, 10).total()).isEqualTo(1);
        assertThat(view.page("queued", null, null, 0, 10).total()).isEqualTo(4);
        assertThat(view.page(null, Source.ZOOM, null, 0, 10).total()).isZero();
    }

    private static StatusEvent accepted(String id, long millis) {
        return at(id, Stage.DOWNLOAD, Transition.ACCEPTED, 0, millis).withEvent(event(id));
    }

    private static StatusEvent at(String id, Stage stage, Transition transition, int attempt, long millis) {
        return StatusEvent.of(id, stage, transition, attempt, T0.plusMillis(millis));
    }

    private static RecordingEvent event(String id) {
        return RecordingEvent.accepted(id, Source.CUSTOM, "Title " + id, Map.of(),
                Origin.ofPath("/srv/incoming/" + id + ".mp4", 1_000L, id + ".mp4", null), T0);
    }
}
