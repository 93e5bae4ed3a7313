package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One transition of one recording at one stage, published to the compacted {@link Topics#STATUS} topic.
 *
 * @param schema      contract version
 * @param recordingId the recording
 * @param stage       the stage
 * @param transition  what happened
 * @param attempt     1 for the first try at this stage, 2 for the first retry, ...; 0 for gateway transitions
 * @param at          when it happened
 * @param reason      why a step failed (one line), or null
 * @param bytesDone   bytes transferred so far (progress, succeeded), or null
 * @param bytesTotal  bytes to transfer, or null when unknown
 * @param durationMs  how long the step took (succeeded, failed), or null
 * @param event       the recording event: the input on received/accepted, the output on succeeded; the Zoom
 *                    download token is removed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(
        int schema,
        String recordingId,
        Stage stage,
        Transition transition,
        int attempt,
        Instant at,
        String reason,
        Long bytesDone,
        Long bytesTotal,
        Long durationMs,
        RecordingEvent event) {

    public static StatusEvent of(String recordingId, Stage stage, Transition transition, int attempt, Instant at) {
        return new StatusEvent(RecordingEvent.SCHEMA, recordingId, stage, transition, attempt, at, null, null, null, null, null);
    }

    public StatusEvent withReason(String why) {
        return new StatusEvent(schema, recordingId, stage, transition, attempt, at, why, bytesDone, bytesTotal, durationMs, event);
    }

    public StatusEvent withBytes(Long done, Long total) {
        return new StatusEvent(schema, recordingId, stage, transition, attempt, at, reason, done, total, durationMs, event);
    }

    public StatusEvent withDuration(long millis) {
        return new StatusEvent(schema, recordingId, stage, transition, attempt, at, reason, bytesDone, bytesTotal, millis, event);
    }

    /** Attaches the event without its download token: status is for everyone to read. */
    public StatusEvent withEvent(RecordingEvent recording) {
        RecordingEvent safe = recording == null || recording.origin() == null || recording.origin().token() == null
                ? recording
                : recording.withOrigin(recording.origin().withToken(null));
        return new StatusEvent(schema, recordingId, stage, transition, attempt, at, reason, bytesDone, bytesTotal, durationMs, safe);
    }

    /**
     * The compaction key: one per recording, stage, attempt and transition, so compaction keeps the whole
     * history of transitions while collapsing a transfer's progress records into the latest one.
     */
    @JsonIgnore
    public String key() {
        return recordingId + "/" + stage.id() + "/" + attempt + "/" + transition.id();
    }
}
