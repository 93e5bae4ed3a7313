package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Transition;

import java.time.Instant;

/** One row of {@code GET /recordings}; the fields mean what they mean in {@link RecordingStatus}. */
public record RecordingSummary(
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
        String lastError,
        Progress progress) {
}
