package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.springframework.kafka.core.ConsumerFactory;
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
    private final StatusPublisher status;
    private final KafkaTemplate<String, String> kafka;
    private final ConsumerFactory<String, String> consumers;
    private final StageMetrics metrics;
    private final Clock clock;
    private final HaltAfterPublish faults;

    public StageListeners(PipelineSettings settings, StatusPublisher status, KafkaTemplate<String, String> kafka,
                          ConsumerFactory<String, String> consumers, StageMetrics metrics, Clock clock,
                          FaultInjectionSettings faults) {
        this.faults = new HaltAfterPublish(faults.haltAfterPublish(), settings.dataDir());
        this.settings = settings;
        this.consumers = consumers;
        this.status = status;
        this.kafka = kafka;
        this.metrics = metrics;
        this.clock = clock;
    }

    public StageListener listener(Stage stage, StageStep step) {
        HandOver handOver = new HandOver(kafka.getProducerFactory(), transactionalIdPrefix(stage),
                settings.publishTimeout());
        return new StageListener(stage, step, settings.stage(stage), handOver,
                new EarlierHandOvers(consumers, settings.publishTimeout()), status, metrics, clock,
                settings.instanceId(), faults);
    }

    /**
     * Stable across restarts, so that a restarted process aborts its predecessor's open transaction; distinct per
     * instance (compose sets {@code pipeline.instance-id} from the container's hostname), since two processes
     * with one transactional id fence each other.
     */
    private String transactionalIdPrefix(Stage stage) {
        String instance = settings.instanceId() == null || settings.instanceId().isBlank()
                ? "pipeline" : settings.instanceId();
        return instance + "-" + stage.id() + "-handover-";
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
