package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Transition;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** Where a recording stands overall, derived from its latest transition. */
public enum Phase {
    /** Published to a stage's inbox and not taken yet (accepted, replayed, or between two stages). */
    @JsonProperty("queued") QUEUED,
    /** A stage is working on it (received, started, transferring). */
    @JsonProperty("running") RUNNING,
    /** A try failed and a retry is scheduled. */
    @JsonProperty("retrying") RETRYING,
    /** Dead-lettered: waits for an operator to replay or discard it. */
    @JsonProperty("failed") FAILED,
    /** The website was notified. */
    @JsonProperty("done") DONE,
    /** An operator discarded it after it failed. */
    @JsonProperty("discarded") DISCARDED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A replay now would run the recording twice at once. */
    public boolean isActive() {
        return this == RUNNING || this == RETRYING;
    }

    static Phase of(Stage stage, Transition latest) {
        return switch (latest) {
            case ACCEPTED, REPLAYED -> QUEUED;
            case RECEIVED, STARTED, PROGRESS -> RUNNING;
            case SUCCEEDED -> stage == Stage.NOTIFY ? DONE : QUEUED;
            case RETRY_SCHEDULED -> RETRYING;
            case DEAD_LETTERED -> FAILED;
            // only ever after the stage handed the recording on, so it says nothing new about where it stands
            case DUPLICATE -> stage == Stage.NOTIFY ? DONE : QUEUED;
            case DISCARDED -> DISCARDED;
        };
    }
}
