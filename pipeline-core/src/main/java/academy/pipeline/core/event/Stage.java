package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * The four steps, in order. A topic is named after the stage that consumes it (its inbox), so replaying a
 * recording at a stage means publishing its event to {@link #inbox()}.
 */
public enum Stage {
    @JsonProperty("download") DOWNLOAD(Topics.DOWNLOAD, Topics.ARCHIVE),
    @JsonProperty("archive") ARCHIVE(Topics.ARCHIVE, Topics.STREAM),
    @JsonProperty("stream") STREAM(Topics.STREAM, Topics.NOTIFY),
    @JsonProperty("notify") NOTIFY(Topics.NOTIFY, Topics.DONE);

    private final String inbox;
    private final String outbox;

    Stage(String inbox, String outbox) {
        this.inbox = inbox;
        this.outbox = outbox;
    }

    /** Lowercase name used in settings, URLs, metrics and logs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The topic this stage consumes. */
    public String inbox() {
        return inbox;
    }

    /** The topic this stage publishes its result to: the next stage's inbox, or {@link Topics#DONE}. */
    public String outbox() {
        return outbox;
    }

    /** Where records go after the last retry or a fatal error. */
    public String deadLetterTopic() {
        return inbox + Topics.DLT_SUFFIX;
    }

    public static Stage fromId(String id) {
        for (Stage stage : values()) {
            if (stage.id().equalsIgnoreCase(id)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + id + "' (expected download, archive, stream or notify)");
    }

    /** The stage whose inbox is this topic (including its retry and dead-letter topics), or null. */
    public static Stage ofTopic(String topic) {
        for (Stage stage : values()) {
            if (topic.equals(stage.inbox) || topic.startsWith(stage.inbox + "-")) {
                return stage;
            }
        }
        return null;
    }
}
