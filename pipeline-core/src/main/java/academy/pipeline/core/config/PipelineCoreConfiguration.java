package academy.pipeline.core.config;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.FaultInjectionSettings;
import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.core.runtime.StageListeners;
import academy.pipeline.core.runtime.StageMetrics;
import academy.pipeline.core.runtime.StatusPublisher;
import academy.pipeline.core.spool.Spool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every service of the pipeline shares: Kafka client settings (one record per poll, no auto-commit,
 * record acks, idempotent acks=all producer), the topics, the spool, the publishers and the stage runtime.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({PipelineSettings.class, HttpSettings.class, FaultInjectionSettings.class})
@Import(PipelineRetryTopicSupport.class)
public class PipelineCoreConfiguration {

    private static final int LINGER_MS = 1;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Spool spool(PipelineSettings settings) {
        return new Spool(settings.spoolDir());
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, String> kafka, PipelineSettings settings) {
        return new EventPublisher(kafka, settings.publishTimeout());
    }

    @Bean
    StatusPublisher statusPublisher(KafkaTemplate<String, String> kafka) {
        return new StatusPublisher(kafka);
    }

    /** Meters of the stage runtime; without a registry (a bare test context) they are counted and dropped. */
    @Bean
    StageMetrics stageMetrics(ObjectProvider<MeterRegistry> registry) {
        return new StageMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    StageListeners stageListeners(PipelineSettings settings, StatusPublisher status, KafkaTemplate<String, String> kafka,
                                  ConsumerFactory<String, String> consumers, StageMetrics metrics, Clock clock,
                                  FaultInjectionSettings faults) {
        return new StageListeners(settings, status, kafka, consumers, metrics, clock, faults);
    }

    /** Static: it registers beans (each stage's listener and retry topics) before any bean is created. */
    @Bean
    static StageRegistrar stageRegistrar() {
        return new StageRegistrar();
    }

    /**
     * An idempotent acks=all producer whose delivery timeout ends before the publish wait
     * ({@code pipeline.publish-timeout}) does: by the time a publisher gives up, the producer has already failed
     * the record itself, so a publish reported as failed (503 to a webhook, a retried step) cannot still land
     * later and duplicate the caller's retry.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer pipelineProducerSettings(PipelineSettings settings) {
        int delivery = deliveryTimeoutMillis(settings.publishTimeout());
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery,
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - LINGER_MS)));
    }

    /** The publish wait less a tenth of it (at least one second), so the producer's verdict comes first. */
    static int deliveryTimeoutMillis(Duration publishTimeout) {
        long wait = publishTimeout.toMillis();
        long delivery = wait - Math.max(1_000, wait / 10);
        if (delivery < 1_000) {
            throw new IllegalArgumentException("pipeline.publish-timeout must be at least 2s, was " + publishTimeout);
        }
        return (int) Math.min(Integer.MAX_VALUE, delivery);
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer pipelineConsumerSettings() {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> pipelineContainerSettings() {
        return container -> {
            ContainerProperties properties = container.getContainerProperties();
            properties.setAckMode(ContainerProperties.AckMode.RECORD);
            properties.setSyncCommits(true);
        };
    }

    /** Every topic of the pipeline; retry topics and DLTs are created by the retry-topic configuration. */
    @Bean
    KafkaAdmin.NewTopics pipelineTopics(PipelineSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            topics.add(new NewTopic(stage.inbox(), 1, settings.replicationFactor()));
        }
        topics.add(new NewTopic(Topics.DONE, 1, settings.replicationFactor()));
        topics.add(new NewTopic(Topics.STATUS, 1, settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
