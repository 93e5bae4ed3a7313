package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One try of one stage.
 *
 * @param stage      the stage
 * @param attempt    1 for the first try, 2 for the first retry, ...
 * @param startedAt  when the stage received the record
 * @param endedAt    when the try ended, or null while it runs
 * @param outcome    running, succeeded, retry-scheduled or dead-lettered
 * @param reason     why it failed, or null
 * @param durationMs how long it took, or null while it runs
 * @param bytesDone  bytes moved (latest progress while running), or null
 * @param bytesTotal bytes to move, or null when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Attempt(Stage stage, int attempt, Instant startedAt, Instant endedAt, String outcome, String reason,
                      Long durationMs, Long bytesDone, Long bytesTotal) {
}
