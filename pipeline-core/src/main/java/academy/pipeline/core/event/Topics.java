package academy.pipeline.core.event;

/** Topic names. Every topic has one partition; the key is always the recordingId. */
public final class Topics {

    public static final String DOWNLOAD = "recordings.download";
    public static final String ARCHIVE = "recordings.archive";
    public static final String STREAM = "recordings.stream";
    public static final String NOTIFY = "recordings.notify";
    /** Final events of recordings that went through every stage. */
    public static final String DONE = "recordings.done";
    /** Compacted: one record per transition, see {@link StatusEvent#key()}. */
    public static final String STATUS = "recordings.status";

    public static final String RETRY_SUFFIX = "-retry";
    public static final String DLT_SUFFIX = "-dlt";

    private Topics() {
    }
}
