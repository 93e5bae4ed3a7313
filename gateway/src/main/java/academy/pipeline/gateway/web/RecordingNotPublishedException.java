package academy.pipeline.gateway.web;

/** Kafka did not acknowledge an accepted recording: the caller gets 503 and should retry. */
public class RecordingNotPublishedException extends RuntimeException {

    public RecordingNotPublishedException(Throwable cause) {
        super(cause);
    }
}
