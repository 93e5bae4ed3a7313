package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The stage runtime's meters, all tagged {@code stage=<stage id>}:
 * <ul>
 *   <li>{@code pipeline.step.duration} (timer, also tagged {@code outcome} = succeeded, retry-scheduled,
 *       dead-lettered or duplicate): how long each try took;</li>
 *   <li>{@code pipeline.step.transferred} (counter, bytes): bytes the step's transfers reported, failed tries
 *       included;</li>
 *   <li>{@code pipeline.step.succeeded}, {@code pipeline.step.retries}, {@code pipeline.step.dead.letters},
 *       {@code pipeline.step.duplicates} (counters): tries that handed their result over, were scheduled for a
 *       retry, went to the DLT, were recognised as a duplicate of an earlier hand-over.</li>
 * </ul>
 * In Prometheus they read {@code pipeline_step_duration_seconds_count{stage="archive",outcome="succeeded"}},
 * {@code pipeline_step_transferred_bytes_total}, {@code pipeline_step_dead_letters_total}, ...
 */
public class StageMetrics {

    private final MeterRegistry registry;

    public StageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One finished try: {@code outcome} is SUCCEEDED, RETRY_SCHEDULED, DEAD_LETTERED or DUPLICATE. */
    void finished(Stage stage, Transition outcome, Duration took, long bytesTransferred) {
        Timer.builder("pipeline.step.duration")
                .description("Duration of one try of a stage's step")
                .tag("stage", stage.id())
                .tag("outcome", outcome.id())
                .register(registry)
                .record(took);
        if (bytesTransferred > 0) {
            Counter.builder("pipeline.step.transferred").baseUnit("bytes")
                    .description("Bytes moved by a stage's transfers")
                    .tag("stage", stage.id())
                    .register(registry)
                    .increment(bytesTransferred);
        }
        String counter = switch (outcome) {
            case SUCCEEDED -> "pipeline.step.succeeded";
            case RETRY_SCHEDULED -> "pipeline.step.retries";
            case DEAD_LETTERED -> "pipeline.step.dead.letters";
            case DUPLICATE -> "pipeline.step.duplicates";
            default -> throw new IllegalArgumentException("not an outcome of a try: " + outcome);
        };
        Counter.builder(counter).tag("stage", stage.id()).register(registry).increment();
    }
}
