package academy.pipeline.gateway.status;

/**
 * Bytes moved by the running transfer.
 *
 * @param bytesDone  bytes so far
 * @param bytesTotal bytes to move, or null when unknown
 * @param at         when the stage reported it
 */
public record Progress(long bytesDone, Long bytesTotal, java.time.Instant at) {
}
