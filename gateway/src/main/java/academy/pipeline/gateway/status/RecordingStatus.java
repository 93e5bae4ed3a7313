package academy.pipeline.gateway.status;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the gateway knows of one recording ({@code GET /recordings/{id}}), built from its status events.
 *
 * @param recordingId the recording
 * @param source      where it came from, or null before any event carried it
 * @param title       its title, or null likewise
 * @param stage       the stage of the latest transition
 * @param state       the latest transition
 * @param phase       where it stands overall
 * @param attempt     attempt of the latest transition (0 for gateway transitions)
 * @param acceptedAt  when the gateway accepted it, or null when the accepted record is gone
 * @param updatedAt   when the latest transition happened
 * @param reason      why the latest transition failed, or null
 * @param lastError   the latest failure reason of any try, or null if none failed
 * @param progress    bytes of the running transfer, or null when nothing is transferring
 * @param tries       how many tries the stages made in all
 * @param attempts    every try, oldest first
 * @param history     every transition except progress, oldest first, without events
 * @param inputs      per stage, the last event it received or was handed: what a replay re-publishes
 * @param size        the file's size once a stage knew it, or null
 * @param stageTimes  per stage, the duration of its successful try (the latest one)
 * @param finishedAt  when the website was notified (phase done), else null
 */
public record RecordingStatus(
        String recordingId,
        Source source,
        String title,
        Stage stage,
        Transition state,
        Phase phase,
        int attempt,
        Instant acceptedAt,
        Instant updatedAt,
        String reason,
        String lastError,
        Progress progress,
        int tries,
        List<Attempt> attempts,
        List<StatusEvent> history,
        Map<Stage, RecordingEvent> inputs,
        Long size,
        Map<Stage, StageTime> stageTimes,
        Instant finishedAt) {

    /** The row of the recordings list. */
    public RecordingSummary summary() {
        return new RecordingSummary(recordingId, source, title, stage, state, phase, attempt, tries, acceptedAt,
                updatedAt, reason, lastError, progress, size, stageTimes, finishedAt);
    }

    /** The stage of the latest dead-lettered try, or null when none was dead-lettered. */
    public Stage failedStage() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).transition() == Transition.DEAD_LETTERED) {
                return history.get(i).stage();
            }
        }
        return null;
    }
}
