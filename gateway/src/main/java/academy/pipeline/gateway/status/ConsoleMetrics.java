package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * The stage strip as gauges, for Prometheus alerts that hold wherever the stages run (the gateway sees them all
 * through Kafka): {@code pipeline.stage.consumer.up}, {@code pipeline.stage.heartbeat.age.seconds},
 * {@code pipeline.queue.depth} (queue = inbox, retry, dlt), {@code pipeline.stage.failed.recordings} per stage,
 * and {@code pipeline.recordings} per phase. One overview is built per scrape (reused for a second).
 */
class ConsoleMetrics implements MeterBinder {

    private static final Duration REUSE = Duration.ofSeconds(1);

    private final StageStrip strip;
    private final Clock clock;
    private Overview overview;
    private Instant builtAt = Instant.EPOCH;

    public ConsoleMetrics(StageStrip strip, Clock clock) {
        this.strip = strip;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Stage stage : Stage.values()) {
            stageGauge(registry, "pipeline.stage.consumer.up", stage,
                    t -> "running".equals(t.consumer()) ? 1 : 0,
                    "1 while every listener container of the stage runs and its heartbeat is fresh, else 0");
            stageGauge(registry, "pipeline.stage.heartbeat.age.seconds", stage,
                    t -> t.heartbeatAt() == null ? Double.NaN
                            : Duration.between(t.heartbeatAt(), clock.instant()).toMillis() / 1000.0,
                    "Seconds since the stage's service last sent a heartbeat");
            stageGauge(registry, "pipeline.stage.failed.recordings", stage, Overview.StageTile::failed,
                    "Recordings dead-lettered at the stage and neither replayed nor discarded");
            queueGauge(registry, stage, "inbox", t -> orNaN(t.inbox()));
            queueGauge(registry, stage, "retry", t -> orNaN(t.retrying()));
            queueGauge(registry, stage, "dlt", t -> orNaN(t.dlt()));
        }
        for (Phase phase : Phase.values()) {
            Gauge.builder("pipeline.recordings", this, m -> m.current().counts().get(phase))
                    .description("Recordings the gateway's status view holds, per phase")
                    .tag("phase", phase.id()).register(registry);
        }
    }

    private void stageGauge(MeterRegistry registry, String name, Stage stage,
                            ToDoubleFunction<Overview.StageTile> value, String description) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.current().stages().get(stage.ordinal())))
                .description(description).tag("stage", stage.id()).register(registry);
    }

    private void queueGauge(MeterRegistry registry, Stage stage, String queue,
                            ToDoubleFunction<Overview.StageTile> value) {
        Gauge.builder("pipeline.queue.depth", this, m -> value.applyAsDouble(m.current().stages().get(stage.ordinal())))
                .description("Records waiting for the stage: inbox and retry topics not committed by its consumer "
                        + "groups; dlt: records in its dead-letter topic")
                .tags("stage", stage.id(), "queue", queue).register(registry);
    }

    private synchronized Overview current() {
        Instant now = clock.instant();
        if (overview == null || !now.isBefore(builtAt.plus(REUSE))) {
            overview = strip.overview();
            builtAt = now;
        }
        return overview;
    }

    private static double orNaN(Long value) {
        return value == null ? Double.NaN : value;
    }
}
