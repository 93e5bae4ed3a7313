package academy.pipeline.core.config;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher that gives up (publish-timeout) must find the record already failed by the producer, never still
 * in flight: otherwise a slow broker turns the caller's 5xx plus its retry into two records. So the producer's
 * delivery timeout (the bound on "success or failure is reported" after send returns) ends before the wait.
 */
class PublishTimeoutTest {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PipelineCoreConfiguration.class, KafkaAutoConfiguration.class))
                .withPropertyValues("pipeline.data-dir=" + dataDir, "spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "spring.kafka.admin.auto-create=false");
    }

    @Test
    void theProducerFailsARecordBeforeTheDefaultPublishWaitEnds() {
        runner().run(context -> assertDeliveryEndsBefore(context.getBean(ProducerFactory.class), Duration.ofSeconds(30)));
    }

    @Test
    void theDeliveryTimeoutFollowsAConfiguredPublishTimeout() {
        runner().withPropertyValues("pipeline.publish-timeout=10s").run(context ->
                assertDeliveryEndsBefore(context.getBean(ProducerFactory.class), Duration.ofSeconds(10)));
        runner().withPropertyValues("pipeline.publish-timeout=5m").run(context ->
                assertDeliveryEndsBefore(context.getBean(ProducerFactory.class), Duration.ofMinutes(5)));
    }

    private static void assertDeliveryEndsBefore(ProducerFactory<?, ?> factory, Duration publishWait) {
        Map<String, Object> config = factory.getConfigurationProperties();
        long delivery = ((Number) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
        assertThat(delivery).isLessThan(publishWait.toMillis()).isGreaterThanOrEqualTo(publishWait.toMillis() / 2);
        // Kafka itself accepts the combination (delivery.timeout.ms >= linger.ms + request.timeout.ms)
        try (Producer<?, ?> producer = factory.createProducer()) {
            assertThat(producer).isNotNull();
        }
    }
}
