package academy.pipeline.core.runtime;

/**
 * A step that failed because its service is stopping (SIGTERM, a redeploy): not a failed attempt. The runtime
 * retries it in place instead of forwarding it to a retry topic, which leaves the record uncommitted while the
 * container stops; the next start of the stage gets the same record, with the same attempt number, at once.
 */
public class StepInterruptedByShutdownException extends RuntimeException {

    public StepInterruptedByShutdownException(String message, Throwable cause) {
        super(message, cause);
    }
}
