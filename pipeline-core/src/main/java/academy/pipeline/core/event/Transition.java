package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a recording at a stage. */
public enum Transition {
    /** The gateway published the recording to the download stage. */
    @JsonProperty("accepted") ACCEPTED,
    /** A stage took the record from its inbox (or a retry topic). Carries the event, for replays. */
    @JsonProperty("received") RECEIVED,
    @JsonProperty("started") STARTED,
    /** Bytes moved so far in a running transfer. */
    @JsonProperty("progress") PROGRESS,
    /** The step finished and its result is published to the next topic. Carries the result. */
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("retry-scheduled") RETRY_SCHEDULED,
    @JsonProperty("dead-lettered") DEAD_LETTERED,
    /**
     * A try found that this stage had already handed the recording over since the record reached it (a
     * redelivery after a crash, or a second copy in a retry topic): acknowledged, nothing changed.
     */
    @JsonProperty("duplicate") DUPLICATE,
    /** An operator discarded a dead-lettered recording. */
    @JsonProperty("discarded") DISCARDED,
    /** An operator re-published the recording to a stage. */
    @JsonProperty("replayed") REPLAYED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
