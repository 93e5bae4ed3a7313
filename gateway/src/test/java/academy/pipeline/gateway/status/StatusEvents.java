package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;

import java.time.Instant;
import java.util.Map;

/** Status events of one recording as the stages publish them, for folding into a view in tests. */
final class StatusEvents {

    private final RecordingStatusView view;
    private final String id;

    StatusEvents(RecordingStatusView view, String id) {
        this.view = view;
        this.id = id;
    }

    StatusEvents accepted(Instant at) {
        view.apply(StatusEvent.of(id, Stage.DOWNLOAD, Transition.ACCEPTED, 0, at).withEvent(
                RecordingEvent.accepted(id, Source.CUSTOM, "Title " + id, Map.of(),
                        Origin.ofPath("/srv/incoming/" + id + ".mp4", 1_000L, id + ".mp4", null), at)));
        return this;
    }

    /** A successful try of {@code stage}, moving {@code bytes}. */
    StatusEvents succeeded(Stage stage, Instant receivedAt, long millis, long bytes) {
        view.apply(StatusEvent.of(id, stage, Transition.RECEIVED, 1, receivedAt));
        view.apply(StatusEvent.of(id, stage, Transition.SUCCEEDED, 1, receivedAt.plusMillis(millis))
                .withDuration(millis).withBytes(bytes, bytes));
        return this;
    }

    StatusEvents apply(Stage stage, Transition transition, int attempt, Instant at, String reason) {
        view.apply(StatusEvent.of(id, stage, transition, attempt, at).withReason(reason));
        return this;
    }

    StatusEvents progress(Stage stage, int attempt, Instant at, long done, long total) {
        view.apply(StatusEvent.of(id, stage, Transition.PROGRESS, attempt, at).withBytes(done, total));
        return this;
    }
}
