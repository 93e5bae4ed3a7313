package academy.pipeline.gateway.status;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.runtime.StatusPublisher;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.gateway.web.RecordingNotPublishedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

/**
 * What an operator can do to a recording: replay it at a stage, or discard it after it failed. Both are
 * serialised, so two operators clicking at once cannot publish a recording twice.
 */
public class RecordingOperations {

    private static final Logger log = LoggerFactory.getLogger(RecordingOperations.class);

    private final RecordingStatusView view;
    private final EventPublisher events;
    private final StatusPublisher status;
    private final Spool spool;
    private final Clock clock;

    public RecordingOperations(RecordingStatusView view, EventPublisher events, StatusPublisher status, Spool spool,
                               Clock clock) {
        this.view = view;
        this.events = events;
        this.status = status;
        this.spool = spool;
        this.clock = clock;
    }

    /**
     * Re-publishes the last event handed to {@code stage} to its inbox and records a {@code replayed} transition.
     *
     * @param stage null: the stage where the recording was last dead-lettered
     * @throws ApiException 404 unknown recording; 409 while it runs or retries, or when the stage never saw an
     *                      event; 400 when no stage is given and nothing failed
     */
    public synchronized ReplayResult replay(String recordingId, Stage stage) {
        RecordingStatus current = require(recordingId);
        if (current.phase().isActive()) {
            throw new ApiException(HttpStatus.CONFLICT, "recording_running", "recording " + recordingId + " is "
                    + current.phase().id() + " at " + current.stage().id() + " (" + current.state().id()
                    + "); replay it once it has finished or failed");
        }
        Stage target = stage != null ? stage : current.failedStage();
        if (target == null) {
            throw ApiException.badRequest("stage_required", "recording " + recordingId
                    + " never failed; say which stage to replay: ?stage=download|archive|stream|notify");
        }
        RecordingEvent event = current.inputs().get(target);
        if (event == null) {
            throw new ApiException(HttpStatus.CONFLICT, "no_event_for_stage", "recording " + recordingId
                    + " never reached the " + target.id() + " stage; replay an earlier stage");
        }
        // Stamped before publishing: the stage may receive the record before this method returns.
        Instant replayedAt = clock.instant();
        try {
            events.publish(target.inbox(), event);
        } catch (RetryableStepException e) {
            throw new RecordingNotPublishedException(e);
        }
        record(StatusEvent.of(recordingId, target, Transition.REPLAYED, 0, replayedAt).withEvent(event),
                "replayed at " + target.id() + " (published to " + target.inbox() + ")");
        return new ReplayResult(recordingId, target, target.inbox());
    }

    /**
     * Deletes the spool directory of a dead-lettered recording and records a {@code discarded} transition.
     * Discarding a discarded recording again answers its status unchanged.
     *
     * @throws ApiException 404 unknown recording; 409 unless it is dead-lettered (or already discarded)
     */
    public synchronized RecordingStatus discard(String recordingId) {
        RecordingStatus current = require(recordingId);
        if (current.phase() == Phase.DISCARDED) {
            return current;
        }
        if (current.phase() != Phase.FAILED) {
            throw new ApiException(HttpStatus.CONFLICT, "not_dead_lettered", "recording " + recordingId + " is "
                    + current.phase().id() + "; only a dead-lettered recording can be discarded");
        }
        try {
            spool.delete(recordingId);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the spool directory of " + recordingId, e);
        }
        record(StatusEvent.of(recordingId, current.stage(), Transition.DISCARDED, 0, clock.instant()),
                "discarded after it failed at " + current.stage().id() + "; spool directory deleted");
        return require(recordingId);
    }

    private RecordingStatus require(String recordingId) {
        return view.find(recordingId).orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "unknown_recording", "no recording with id " + recordingId));
    }

    private void record(StatusEvent transition, String what) {
        view.apply(transition);
        status.publish(transition);
        MDC.put("recordingId", transition.recordingId());
        try {
            log.info("stage={} outcome={} by operator: {}", transition.stage().id(), transition.transition().id(), what);
        } finally {
            MDC.remove("recordingId");
        }
    }
}
