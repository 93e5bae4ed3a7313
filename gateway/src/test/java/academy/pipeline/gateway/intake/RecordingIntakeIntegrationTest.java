package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.StatusPublisher;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.status.StatusViewSettings;
import academy.pipeline.gateway.web.RecordingNotPublishedException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The intake against a real broker: concurrent deliveries of one recording publish it once, many recordings in
 * flight at once are all acknowledged without a thread waiting for each, and an unacknowledged publish is
 * reported as such and leaves the recording unknown (so the sender's retry is accepted).
 */
class RecordingIntakeIntegrationTest {

    static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(Stage.DOWNLOAD.inbox(), 1, (short) 1),
                    new NewTopic(Topics.STATUS, 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void concurrentDeliveriesOfOneRecordingPublishItOnce() throws Exception {
        try (Intake intake = new Intake(broker.getBrokersAsString())) {
            RecordingEvent event = event("same-recording");
            int deliveries = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService senders = Executors.newFixedThreadPool(deliveries);
            try {
                List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < deliveries; i++) {
                    outcomes.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return intake.intake.acceptAsync(event);
                    }, senders).thenCompose(f -> f));
                }
                start.countDown();
                List<Boolean> published = outcomes.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();

                assertThat(published).containsOnlyOnce(true);
                assertThat(intake.intake.accept(event)).as("a later delivery").isFalse();
                assertThat(keysOnDownloadTopic()).containsOnlyOnce("same-recording");
            } finally {
                senders.shutdownNow();
            }
        }
    }

    @Test
    void manyRecordingsInFlightAtOnceAreAllAcknowledgedFromOneThread() {
        try (Intake intake = new Intake(broker.getBrokersAsString())) {
            List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                outcomes.add(intake.intake.acceptAsync(event("many-" + i)));
            }

            assertThat(outcomes).allSatisfy(f -> assertThat(f.orTimeout(30, TimeUnit.SECONDS).join()).isTrue());
            List<String> keys = keysOnDownloadTopic();
            for (int i = 0; i < 500; i++) {
                assertThat(keys).contains("many-" + i);
            }
            assertThat(intake.intake.isKnown("many-499")).isTrue();
        }
    }

    @Test
    void aPublishKafkaDoesNotAcknowledgeFailsAndLeavesTheRecordingUnknown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Intake intake = new Intake("127.0.0.1:" + closedPort)) {
            RecordingEvent event = event("not-acknowledged");

            assertThatThrownBy(() -> intake.intake.accept(event)).isInstanceOf(RecordingNotPublishedException.class)
                    .hasMessageContaining("not-acknowledged");
            assertThat(intake.intake.isKnown("not-acknowledged")).isFalse();
        }
    }

    /** A RecordingIntake with its own producer (the pipeline's settings: idempotent, acks=all, short linger). */
    private static final class Intake implements AutoCloseable {

        final DefaultKafkaProducerFactory<String, String> producers;
        final RecordingIntake intake;

        Intake(String bootstrapServers) {
            producers = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 2,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500),
                    new StringSerializer(), new StringSerializer());
            KafkaTemplate<String, String> kafka = new KafkaTemplate<>(producers);
            intake = new RecordingIntake(new EventPublisher(kafka, Duration.ofSeconds(3)), new StatusPublisher(kafka),
                    new RecordingStatusView(new StatusViewSettings(10_000)), Clock.systemUTC());
        }

        @Override
        public void close() {
            intake.close();
            producers.destroy();
        }
    }

    private static RecordingEvent event(String recordingId) {
        return RecordingEvent.accepted(recordingId, Source.ZOOM, "Lecture " + recordingId, Map.of(),
                Origin.ofZoom(new ZoomFile("meeting-uuid", recordingId), "http://127.0.0.1:1/rec/" + recordingId, "token", 1_000L, "lecture.mp4", "video/mp4"),
                Instant.now());
    }

    private static List<String> keysOnDownloadTopic() {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Stage.DOWNLOAD.inbox(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
