package academy.pipeline.gateway.status;

import java.time.Duration;
import java.time.Instant;

/**
 * Bytes moved by the running transfer.
 *
 * @param bytesDone      bytes so far
 * @param bytesTotal     bytes to move, or null when unknown
 * @param at             when the stage reported it
 * @param startedAt      when the try began
 * @param bytesPerSecond average rate of the try so far, or null before any time passed
 * @param etaSeconds     seconds left at that rate, or null when the total or the rate is unknown
 */
record Progress(long bytesDone, Long bytesTotal, Instant at, Instant startedAt, Long bytesPerSecond,
                       Long etaSeconds) {

    static Progress of(long bytesDone, Long bytesTotal, Instant at, Instant startedAt) {
        long millis = Duration.between(startedAt, at).toMillis();
        Long rate = millis <= 0 ? null : bytesDone * 1000 / millis;
        Long eta = rate == null || rate == 0 || bytesTotal == null ? null
                : Math.max(0, bytesTotal - bytesDone) / rate;
        return new Progress(bytesDone, bytesTotal, at, startedAt, rate, eta);
    }
}
