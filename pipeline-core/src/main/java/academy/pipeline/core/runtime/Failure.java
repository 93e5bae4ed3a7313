package academy.pipeline.core.runtime;

/**
 * A classified step failure.
 *
 * @param fatal  true when a retry cannot help
 * @param reason one line saying what went wrong, fit for a log line, a status event and a DLT header
 */
public record Failure(boolean fatal, String reason) {
}
