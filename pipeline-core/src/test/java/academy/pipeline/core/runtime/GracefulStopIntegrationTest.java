package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop (SIGTERM: the application context closes) while a step runs. Closing the service breaks the
 * step's clients under it, so the step fails; that failure is not an attempt: nothing is scheduled on a retry
 * topic, the input record stays uncommitted, and the next start of the stage redoes it at once, as attempt 1.
 * The retry delay is a minute, so a recording parked on a retry topic could not finish within the test's wait.
 */
@EmbeddedKafka(partitions = 1)
class GracefulStopIntegrationTest {

    /** Set before the second start: from then on the step succeeds. */
    static volatile boolean restarted;
    static final CountDownLatch stepRunning = new CountDownLatch(1);
    static final CountDownLatch shutdownBegan = new CountDownLatch(1);

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ArchiveStage {

        @Bean
        StageDefinition archiveStage() {
            return new StageDefinition(Stage.ARCHIVE, (event, context) -> {
                if (!restarted) {
                    stepRunning.countDown();
                    if (!shutdownBegan.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never stopped the service");
                    }
                    // what a B2 or Bunny client closed by the shutdown throws at the step
                    throw new IOException("Connection pool shut down");
                }
                return event.withOrigin(Origin.ofPath("/archived/" + context.attempt(), 100L, "f.mp4", null));
            });
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void aStepInterruptedByAGracefulStopIsRedoneAtTheNextStartWithoutCountingAsAnAttempt(EmbeddedKafkaBroker broker)
            throws Exception {
        String brokers = broker.getBrokersAsString();
        String id = "interrupted-" + System.nanoTime();

        ConfigurableApplicationContext first = start(brokers);
        first.getBean(EventPublisher.class).publish(Topics.ARCHIVE, RecordingEvent.accepted(id, Source.CUSTOM,
                "lecture", Map.of(), Origin.ofPath("/in/" + id, 100L, "f.mp4", null), Instant.now()));
        assertThat(stepRunning.await(60, TimeUnit.SECONDS)).as("the step started").isTrue();

        KafkaListenerEndpointRegistry registry = first.getBean(KafkaListenerEndpointRegistry.class);
        Thread closing = new Thread(first::close, "sigterm");
        closing.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !registry.getListenerContainer("stage-archive").isRunning());
        shutdownBegan.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(closing.isAlive()).as("the service stopped").isFalse();

        assertThat(committedOffset(brokers, "recordings-stage-archive", Stage.ARCHIVE.inbox()))
                .as("the interrupted record is not committed").isNull();

        restarted = true;
        try (ConfigurableApplicationContext second = start(brokers)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(statuses(brokers, id)).anySatisfy(s -> {
                        assertThat(s.transition()).isEqualTo(Transition.SUCCEEDED);
                        assertThat(s.attempt()).as("the redone step's attempt").isEqualTo(1);
                    }));
            assertThat(statuses(brokers, id)).extracting(StatusEvent::transition)
                    .doesNotContain(Transition.RETRY_SCHEDULED, Transition.DEAD_LETTERED);
            assertThat(keys(brokers, Topics.STREAM)).containsExactly(id);
        }
    }

    private ConfigurableApplicationContext start(String brokers) {
        return new SpringApplicationBuilder(ArchiveStage.class)
                .web(WebApplicationType.NONE)
                .properties("spring.kafka.bootstrap-servers=" + brokers,
                        "pipeline.data-dir=" + dataDir,
                        "pipeline.stages.archive.retry-delays=1m,1m")
                .run();
    }

    private static OffsetAndMetadata committedOffset(String brokers, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
        }
    }

    private static List<StatusEvent> statuses(String brokers, String recordingId) {
        List<StatusEvent> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : readAll(brokers, Topics.STATUS)) {
            StatusEvent s = EventCodec.decodeStatus(r.value());
            if (s.recordingId().equals(recordingId)) {
                found.add(s);
            }
        }
        return found;
    }

    private static List<String> keys(String brokers, String topic) {
        return readAll(brokers, topic).stream().map(ConsumerRecord::key).toList();
    }

    /** Every committed record of a single-partition topic, read up to its end offset. */
    private static List<ConsumerRecord<String, String>> readAll(String brokers, String topic) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 10_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
