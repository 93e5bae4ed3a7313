package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.runtime.StatusPublisher;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.web.RecordingNotPublishedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;

/**
 * Where every intake path (Zoom, tus, manual, custom) hands over a recording: published to the download
 * stage and acknowledged by Kafka before the caller gets its answer.
 */
public class RecordingIntake {

    private static final int LOCK_STRIPES = 64;

    private static final Logger log = LoggerFactory.getLogger(RecordingIntake.class);

    private final EventPublisher events;
    private final StatusPublisher status;
    private final RecordingStatusView view;
    private final Clock clock;
    private final Object[] recordingLocks = new Object[LOCK_STRIPES];

    public RecordingIntake(EventPublisher events, StatusPublisher status, RecordingStatusView view, Clock clock) {
        this.events = events;
        this.status = status;
        this.view = view;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            recordingLocks[i] = new Object();
        }
    }

    /** Whether the pipeline already knows this recording (accepted earlier, possibly before a restart). */
    public boolean isKnown(String recordingId) {
        return view.find(recordingId).isPresent();
    }

    /**
     * Publishes the recording durably to {@code recordings.download}, unless the pipeline already knows it.
     * One recording id at a time, whichever endpoint it arrives on, so two concurrent deliveries of the same
     * recording cannot both pass the "known?" check.
     *
     * @return true when published; false when the recording was already known (nothing published)
     * @throws RecordingNotPublishedException when Kafka did not acknowledge it
     */
    public boolean accept(RecordingEvent event) {
        synchronized (recordingLocks[Math.floorMod(event.recordingId().hashCode(), LOCK_STRIPES)]) {
            if (isKnown(event.recordingId())) {
                return false;
            }
            publish(event);
            return true;
        }
    }

    private void publish(RecordingEvent event) {
        try {
            events.publish(Stage.DOWNLOAD.inbox(), event);
        } catch (RetryableStepException e) {
            throw new RecordingNotPublishedException(e);
        }
        StatusEvent accepted = StatusEvent.of(event.recordingId(), Stage.DOWNLOAD, Transition.ACCEPTED, 0, clock.instant())
                .withEvent(event);
        view.apply(accepted);
        status.publish(accepted);
        MDC.put("recordingId", event.recordingId());
        try {
            log.info("accepted {} recording \"{}\"", event.source().id(), event.title());
        } finally {
            MDC.remove("recordingId");
        }
    }
}
