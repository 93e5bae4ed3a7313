package academy.pipeline.core.ops;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.StageDefinition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A step that throws an {@link Error} (here the {@code NoClassDefFoundError} of a jar without tus-java-client):
 * spring-kafka stops the stage's container; the stage must not stay silently UP. The recording in hand gets a
 * status event with the reason, stays uncommitted (delivered again after the restart), the {@code consumers}
 * health component, readiness and liveness go DOWN, and the service exits with status 1 for its supervisor; its
 * heartbeat on {@code recordings.stages} says the stage's consumer stopped (what the operator page shows red).
 */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 1)
@DirtiesContext
class StoppedStageIntegrationTest {

    /** The exit statuses the service asked for; the JVM itself must go on running the test. */
    static final List<Integer> exits = new CopyOnWriteArrayList<>();

    @SpringBootApplication
    static class TestApplication {

        @Bean
        StageDefinition streamStage() {
            return new StageDefinition(Stage.STREAM, (event, context) -> {
                throw new NoClassDefFoundError("io/tus/java/client/TusClient");
            });
        }

        @Bean
        ProcessExit recordedExit() {
            return exits::add;
        }
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    StoppedConsumers consumers;

    @Autowired
    ApplicationAvailability availability;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Test
    void anErrorInAStepTakesTheStageDownWithItsReasonAndExitsForARestart() throws Exception {
        String id = "broken-jar-1";
        assertThat(consumers.health().getStatus()).isEqualTo(Status.UP);

        publisher.publish(Topics.STREAM, RecordingEvent.accepted(id, Source.CUSTOM, "lecture", Map.of(),
                Origin.ofPath("/in/lecture.mp4", 100L, "lecture.mp4", null), Instant.now()));

        await().atMost(Duration.ofSeconds(60)).until(() -> !exits.isEmpty());
        assertThat(exits).containsExactly(StoppedConsumers.EXIT_STATUS);
        Health health = consumers.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("stopped");
        assertThat(health.getDetails().get("stopped")).asString().contains("stream");
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statusesOf(id)).anySatisfy(s -> {
            assertThat(s.stage()).isEqualTo(Stage.STREAM);
            assertThat(s.transition()).isEqualTo(Transition.RETRY_SCHEDULED);
            assertThat(s.reason()).contains("NoClassDefFoundError: io/tus/java/client/TusClient");
        }));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StageHeartbeat heartbeat = EventCodec.decode(latest(StageHeartbeat.TOPIC, "stream"), StageHeartbeat.class);
            assertThat(heartbeat.consumer()).isEqualTo(StageHeartbeat.STOPPED);
            assertThat(heartbeat.containers().get(Topics.STREAM))
                    .isEqualTo(new StageHeartbeat.Container("recordings-stage-stream", false));
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            assertThat(admin.listConsumerGroupOffsets("recordings-stage-stream").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(Topics.STREAM, 0)))
                    .as("the record in hand is not committed: the restarted stage gets it again").isNull();
        }
    }

    /** The value of the last record with {@code key} on partition 0 of {@code topic}, or null. */
    private String latest(String topic, String key) {
        String[] value = new String[1];
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 10_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        value[0] = r.value();
                    }
                });
            }
        }
        return value[0];
    }

    private List<StatusEvent> statusesOf(String recordingId) {
        List<StatusEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.STATUS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 10_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    StatusEvent s = EventCodec.decodeStatus(r.value());
                    if (s.recordingId().equals(recordingId)) {
                        found.add(s);
                    }
                });
            }
        }
        return found;
    }
}
