package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;

import java.time.Clock;

/**
 * Builds the two beans a stage module declares to plug its step into Kafka:
 * <pre>{@code
 * @Bean StageListener archiveStage(StageListeners stages, ArchiveStep step) { return stages.listener(Stage.ARCHIVE, step); }
 * @Bean RetryTopicConfiguration archiveRetries(StageListeners stages) { return stages.retryTopics(Stage.ARCHIVE); }
 * }</pre>
 */
public class StageListeners {

    private final PipelineSettings settings;
    private final EventPublisher events;
    private final StatusPublisher status;
    private final KafkaTemplate<String, String> kafka;
    private final StageMetrics metrics;
    private final Clock clock;
    private final HaltAfterPublish faults;

    public StageListeners(PipelineSettings settings, EventPublisher events, StatusPublisher status,
                          KafkaTemplate<String, String> kafka, StageMetrics metrics, Clock clock,
                          FaultInjectionSettings faults) {
        this.faults = new HaltAfterPublish(faults.haltAfterPublish(), settings.dataDir());
        this.settings = settings;
        this.events = events;
        this.status = status;
        this.kafka = kafka;
        this.metrics = metrics;
        this.clock = clock;
    }

    public StageListener listener(Stage stage, StageStep step) {
        return new StageListener(stage, step, settings.stage(stage), events, status, metrics, clock,
                settings.instanceId(), faults);
    }

    /**
     * Retry topics {@code <inbox>-retry-0..n-1}, one per configured delay, then {@code <inbox>-dlt}.
     * {@link FatalStepException} skips the retries.
     */
    public RetryTopicConfiguration retryTopics(Stage stage) {
        StageRuntimeSettings runtime = settings.stage(stage);
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopic(stage.inbox())
                .maxAttempts(runtime.maxAttempts())
                .customBackoff(new StaggeredBackOff(runtime.retryDelays()))
                .setTopicSuffixingStrategy(TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE)
                .retryTopicSuffix(academy.pipeline.core.event.Topics.RETRY_SUFFIX)
                .dltSuffix(academy.pipeline.core.event.Topics.DLT_SUFFIX)
                .notRetryOn(FatalStepException.class)
                .traversingCauses(true)
                .autoCreateTopics(true, 1, settings.replicationFactor())
                .create(kafka);
    }
}
