package academy.pipeline.core.ops;

import academy.pipeline.core.runtime.StageListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Gauge {@code pipeline.stage.waiting} (tag {@code stage}) for every stage this service runs: records in the
 * stage's inbox topic its consumer group has not committed yet, i.e. recordings waiting for (or in) the step.
 * Asked of the broker (committed offset vs end offset), not taken from the consumer's own fetch metrics, which
 * stand still while a long step runs. A measurement is reused for {@code lagRefresh}; NaN when the broker
 * did not answer.
 */
class ConsumerLagMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final List<StageListener> stages;
    private final KafkaProbe probe;
    private final Duration refresh;
    private final Clock clock;
    /** Gauges hold their state weakly; these keep it alive. */
    private final List<Lag> lags = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ConsumerLagMetrics(List<StageListener> stages, KafkaProbe probe, Duration refresh, Clock clock) {
        this.stages = List.copyOf(stages);
        this.probe = probe;
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (StageListener stage : stages) {
            Lag lag = new Lag(stage.getGroupId(), stage.getInboxTopic());
            lags.add(lag);
            Gauge.builder("pipeline.stage.waiting", lag, Lag::value)
                    .description("Records in the stage's inbox not yet committed by its consumer group")
                    .tag("stage", stage.getStage().id())
                    .register(registry);
        }
    }

    /** One stage's lag, measured at most once per refresh interval. */
    private final class Lag {
        private final String group;
        private final String topic;
        private Instant measuredAt = Instant.EPOCH;
        private double value = Double.NaN;

        Lag(String group, String topic) {
            this.group = group;
            this.topic = topic;
        }

        synchronized double value() {
            Instant now = clock.instant();
            if (now.isBefore(measuredAt.plus(refresh))) {
                return value;
            }
            measuredAt = now;
            try {
                value = probe.waiting(group, topic);
            } catch (Exception e) {
                log.debug("lag of {} on {} not measured: {}", group, topic, e.toString());
                value = Double.NaN;
            }
            return value;
        }
    }
}
