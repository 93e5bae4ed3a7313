package academy.pipeline.core.ops;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.runtime.StageListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;

/**
 * Operations support every service shares: the {@code kafka} and {@code consumers} health components (in the
 * readiness group, see {@link academy.pipeline.core.config.PipelineEnvironmentDefaults}), the exit of a service
 * whose consumer stopped ({@link StoppedConsumers}) and the consumer-lag gauges of the stages this service runs.
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
}
