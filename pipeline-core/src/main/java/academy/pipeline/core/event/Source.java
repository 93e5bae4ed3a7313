package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a recording came from; decides how stage-download brings its bytes in. */
public enum Source {
    /** A Zoom cloud recording announced by a {@code recording.completed} webhook. */
    @JsonProperty("zoom") ZOOM,
    /** A tutor's resumable upload on the website (tus), identified by the website's {@code ace_id}. */
    @JsonProperty("manual") MANUAL,
    /** A file an operator pointed at on the server. */
    @JsonProperty("custom") CUSTOM;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
