package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Transition;

import java.time.Instant;
import java.util.Map;

/** One row of {@code GET /recordings}; the fields mean what they mean in {@link RecordingStatus}. */
record RecordingSummary(
        String recordingId,
        Source source,
        String title,
        Stage stage,
        Transition state,
        Phase phase,
        int attempt,
        int tries,
        Instant acceptedAt,
        Instant updatedAt,
        String reason,
        String lastError,
        Progress progress,
        Long size,
        Map<Stage, StageTime> stageTimes,
        Instant finishedAt) {

    /** The stage it is at or waits for: after a stage succeeded, the next one. */
    public Stage waitingAt() {
        if (phase == Phase.QUEUED && state != Transition.ACCEPTED && state != Transition.REPLAYED
                && stage.ordinal() + 1 < Stage.values().length) {
            return Stage.values()[stage.ordinal() + 1];
        }
        return stage;
    }

    /** Not finished: queued, running, retrying or failed. */
    public boolean unfinished() {
        return phase != Phase.DONE && phase != Phase.DISCARDED;
    }
}
