package academy.pipeline.gateway.status;

import java.time.Instant;

/**
 * How long a stage's successful try took.
 *
 * @param durationMs the try's duration
 * @param endedAt    when it succeeded
 */
record StageTime(long durationMs, Instant endedAt) {
}
