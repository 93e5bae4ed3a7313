package academy.pipeline.core.runtime;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How the runtime runs one stage ({@code pipeline.stages.<stage>.*}).
 *
 * @param timeLimit        the step's own time limit; the consumer's {@code max.poll.interval.ms} is set above it
 *                         (see {@link #maxPollInterval()})
 * @param retryDelays      delay before each retry; their count is the number of retries before the DLT
 * @param progressInterval at most one progress status event per interval
 */
public record StageRuntimeSettings(
        @DefaultValue("2h") Duration timeLimit,
        @DefaultValue({"1m", "5m", "15m", "1h", "3h"}) List<Duration> retryDelays,
        @DefaultValue("5s") Duration progressInterval) {

    public static final StageRuntimeSettings DEFAULTS = new StageRuntimeSettings(Duration.ofHours(2),
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
                    Duration.ofHours(3)),
            Duration.ofSeconds(5));

    public StageRuntimeSettings {
        timeLimit = timeLimit == null ? DEFAULTS.timeLimit() : timeLimit;
        retryDelays = retryDelays == null ? DEFAULTS.retryDelays() : List.copyOf(retryDelays);
        progressInterval = progressInterval == null ? DEFAULTS.progressInterval() : progressInterval;
    }

    /** First try plus one per retry delay. */
    public int maxAttempts() {
        return retryDelays.size() + 1;
    }

    /**
     * Above the longest a consumer may go without polling, so a long step never makes it leave its group: its own
     * step, plus the steps of the stage's other containers (inbox and retry topics, one per attempt) it may wait
     * for, since a stage runs one step at a time.
     */
    public Duration maxPollInterval() {
        return timeLimit.multipliedBy(maxAttempts()).plus(Duration.ofMinutes(5));
    }
}
