package academy.pipeline.core.ops;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.core.runtime.StageListener;
import academy.pipeline.core.spool.Spool;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;

/**
 * Operations support every service shares: the {@code kafka} and {@code consumers} health components (in the
 * readiness group, see {@link academy.pipeline.core.config.PipelineEnvironmentDefaults}), the exit of a service
 * whose consumer stopped ({@link StoppedConsumers}), the consumer-lag gauges of the stages this service runs, their
 * heartbeats ({@link StageHeartbeats}, on the compacted {@value StageHeartbeat#TOPIC}) and the spool disk gauges.
 */
@AutoConfiguration(after = PipelineCoreConfiguration.class)
@EnableConfigurationProperties(OperationsSettings.class)
public class PipelineOperationsConfiguration {

    @Bean
    KafkaProbe kafkaProbe(KafkaAdmin admin, OperationsSettings settings) {
        return new KafkaProbe(admin.getConfigurationProperties(), settings.kafkaTimeout());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProbe probe) {
        return new KafkaHealthIndicator(probe);
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessExit processExit(ConfigurableApplicationContext context) {
        return status -> System.exit(SpringApplication.exit(context, () -> status));
    }

    @Bean
    StoppedConsumers consumersHealthIndicator(ConfigurableApplicationContext context, ProcessExit exit) {
        return new StoppedConsumers(context, exit);
    }

    @Bean
    ConsumerLagMetrics consumerLagMetrics(ObjectProvider<StageListener> stages, KafkaProbe probe,
                                          OperationsSettings settings, Clock clock) {
        return new ConsumerLagMetrics(stages.orderedStream().toList(), probe, settings.lagRefresh(), clock);
    }

    @Bean
    SpoolDiskMetrics spoolDiskMetrics(Spool spool) {
        return new SpoolDiskMetrics(spool);
    }

    @Bean
    KafkaAdmin.NewTopics stageHeartbeatTopic(PipelineSettings settings) {
        return new KafkaAdmin.NewTopics(new NewTopic(StageHeartbeat.TOPIC, 1, settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /** Only in a service that runs stages: the gateway alone has nothing to report. */
    @Bean
    StageHeartbeats stageHeartbeats(ObjectProvider<StageListener> stages, KafkaListenerEndpointRegistry registry,
                                    KafkaTemplate<String, String> kafka, PipelineSettings pipeline,
                                    OperationsSettings settings, Clock clock) {
        return new StageHeartbeats(stages.orderedStream().map(StageListener::getStage).toList(), registry, kafka,
                instanceName(pipeline), settings.heartbeatInterval(), clock);
    }

    private static String instanceName(PipelineSettings pipeline) {
        if (pipeline.instanceId() != null && !pipeline.instanceId().isBlank()) {
            return pipeline.instanceId();
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
