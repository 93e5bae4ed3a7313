package academy.pipeline.core.runtime;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Topics;

import java.util.Objects;

/**
 * Best-effort work once a recording is done (its event on {@code recordings.done}), outside the stages: freeing
 * the source's storage, say. Declared as a bean; the runtime consumes {@link Topics#DONE} for it in a consumer
 * group named {@code name}. An action that throws is tried again a few times at once, then logged as an error
 * and skipped: it never holds up the pipeline, and the recording stays done.
 *
 * @param name   the listener id and consumer group, e.g. {@code zoom-trash-after-done}
 * @param action what to do with each done recording; it must be idempotent (Kafka delivers at least once)
 */
public record DoneSideEffect(String name, Action action) {

    public DoneSideEffect {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
    }

    @FunctionalInterface
    public interface Action {

        void onDone(RecordingEvent done) throws Exception;
    }
}
