package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;

import java.time.Clock;

/**
 * Builds the Kafka side of a {@link StageDefinition} (its listener and its retry topics) and of a
 * {@link DoneSideEffect} (its listener on {@code recordings.done}); {@code academy.pipeline.core.config} registers
 * them as beans, where spring-kafka looks for them.
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

    public StageListener listener(StageDefinition definition) {
        Stage stage = definition.stage();
        HandOver handOver = new HandOver(kafka.getProducerFactory(), transactionalIdPrefix(stage),
                settings.publishTimeout());
        return new StageListener(stage, definition.step(), settings.stage(stage), handOver,
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
    public RetryTopicConfiguration retryTopics(StageDefinition definition) {
        Stage stage = definition.stage();
        StageRuntimeSettings runtime = settings.stage(stage);
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopic(stage.inbox())
                .maxAttempts(runtime.maxAttempts())
                .customBackoff(new StaggeredBackOff(runtime.retryDelays()))
                .setTopicSuffixingStrategy(TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE)
                .retryTopicSuffix(Topics.RETRY_SUFFIX)
                .dltSuffix(Topics.DLT_SUFFIX)
                .notRetryOn(FatalStepException.class)
                .traversingCauses(true)
                .autoCreateTopics(true, 1, settings.replicationFactor())
                .create(kafka);
    }

    public DoneSideEffectListener doneListener(DoneSideEffect effect) {
        return new DoneSideEffectListener(effect);
    }
}
