package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;

import java.time.Instant;
import java.util.List;

/**
 * What the gateway knows of one recording, built from its status events.
 *
 * @param recordingId the recording
 * @param source      where it came from
 * @param title       its title
 * @param stage       the stage of the latest transition
 * @param state       the latest transition
 * @param attempt     attempt of the latest transition
 * @param updatedAt   when the latest transition happened
 * @param reason      the latest failure reason, or null
 * @param bytesDone   progress of the running transfer, or null
 * @param bytesTotal  size of the running transfer, or null
 * @param history     every transition except progress, oldest first
 */
public record RecordingStatus(
        String recordingId,
        Source source,
        String title,
        Stage stage,
        Transition state,
        int attempt,
        Instant acceptedAt,
        Instant updatedAt,
        String reason,
        Long bytesDone,
        Long bytesTotal,
        List<StatusEvent> history) {
}
