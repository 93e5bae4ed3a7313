package academy.pipeline.archive.b2;

import academy.pipeline.archive.ArchiveStageApplication;
import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.runtime.FailureHeaders;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive stage as it runs: real embedded Kafka (KRaft), the stage runtime's retry topics and DLT, the B2
 * provider with b2-sdk-java, the B2 double over HTTP. Retries are 200 ms apart and B2 calls are not retried
 * inside a step, so each injected failure is one trip through the retry topics.
 */
@SpringBootTest(classes = ArchiveStageApplication.class, properties = {
        "pipeline.stages.archive.retry-delays=200ms,200ms,200ms,200ms",
        "pipeline.archive.b2.attempts-per-call=1",
        "pipeline.archive.b2.large-file-threshold=1MB"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class B2ArchiveStagePipelineTest {

    private static final String BUCKET = "academy-archive";
    private static final Path DATA = tempDir();
    private static final B2Double B2 = startDouble();

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @DynamicPropertySource
    static void b2(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", DATA::toString);
        registry.add("pipeline.archive.b2.application-key-id", B2::keyId);
        registry.add("pipeline.archive.b2.application-key", B2::applicationKey);
        registry.add("pipeline.archive.b2.bucket-name", () -> BUCKET);
        registry.add("pipeline.archive.b2.master-url", B2::masterUrl);
    }

    @AfterAll
    static void stopDouble() {
        B2.close();
    }

    @Test
    void b2UnavailableThreeTimesGoesThroughTheRetryTopicsThenArchives() throws Exception {
        RecordingEvent event = spooled("rec-b2-503", 200_000);
        B2.faults().failNext("b2_upload_file", 3, 503);

        publish(event);

        ConsumerRecord<String, String> out = await(Stage.ARCHIVE.outbox(), r -> r.key().equals("rec-b2-503"));
        RecordingEvent archived = EventCodec.decodeRecording(out.value());
        assertThat(archived.archive().provider()).isEqualTo("b2");
        assertThat(archived.archive().sha1()).isEqualTo(event.spooled().sha1());
        assertThat(archived.archive().fileId()).isEqualTo(B2.latest(BUCKET, archived.archive().fileName())
                .orElseThrow().fileId());
        assertThat(B2.versions(BUCKET, archived.archive().fileName())).hasSize(1);
        assertThat(B2.faults().calls("b2_upload_file")).isEqualTo(4);
        List<StatusEvent> statuses = statuses("rec-b2-503", Transition.SUCCEEDED);
        assertThat(statuses.stream().filter(s -> s.transition() == Transition.RETRY_SCHEDULED)
                .map(StatusEvent::attempt)).containsExactly(1, 2, 3);
        assertThat(statuses.get(statuses.size() - 1).attempt()).isEqualTo(4);
        assertThat(statuses.stream().filter(s -> s.transition() == Transition.RETRY_SCHEDULED)
                .map(StatusEvent::reason)).allSatisfy(reason -> assertThat(reason).contains("503"));
    }

    @Test
    void revokedKeyGoesStraightToTheDeadLetterTopicWithAClearReason() throws Exception {
        String key = B2.applicationKey();
        RecordingEvent event = spooled("rec-b2-401", 50_000);
        B2.replaceApplicationKey("K001-revoked-and-replaced");
        try {
            publish(event);

            ConsumerRecord<String, String> dead = await(Stage.ARCHIVE.deadLetterTopic(),
                    r -> r.key().equals("rec-b2-401"));
            String reason = header(dead, FailureHeaders.REASON);
            assertThat(reason).contains("401").contains("application key").doesNotContain(key);
            assertThat(header(dead, FailureHeaders.ATTEMPT)).isEqualTo("1");
            assertThat(statuses("rec-b2-401", Transition.DEAD_LETTERED).stream().map(StatusEvent::transition))
                    .doesNotContain(Transition.RETRY_SCHEDULED);
            assertThat(records(Stage.ARCHIVE.outbox(), Duration.ofMillis(500)).stream()
                    .filter(r -> r.key().equals("rec-b2-401"))).isEmpty();
        } finally {
            B2.replaceApplicationKey(key);
        }
    }

    private RecordingEvent spooled(String recordingId, long size) throws IOException {
        Path file = TestFiles.random(DATA.resolve("spool").resolve(recordingId).resolve("video.mp4"), size,
                recordingId.hashCode());
        return RecordingEvent.accepted(recordingId, Source.CUSTOM, "Lecture", Map.of(), null, Instant.now())
                .withSpooled(new SpooledFile(recordingId + "/video.mp4", size, TestFiles.sha1(file), "video/mp4",
                        "video.mp4"));
    }

    private void publish(RecordingEvent event) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ARCHIVE, event.recordingId(), EventCodec.encode(event))).get();
        }
    }

    /** Status events of a recording at the archive stage, up to and including the first {@code last}. */
    private List<StatusEvent> statuses(String recordingId, Transition last) {
        List<StatusEvent> found = new ArrayList<>();
        await(Topics.STATUS, r -> {
            if (!recordingId.equals(r.key()) && (r.key() == null || !r.key().startsWith(recordingId))) {
                return false;
            }
            StatusEvent status = EventCodec.decodeStatus(r.value());
            if (status.stage() != Stage.ARCHIVE || !status.recordingId().equals(recordingId)) {
                return false;
            }
            found.add(status);
            return status.transition() == last;
        });
        return found;
    }

    private ConsumerRecord<String, String> await(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within 60 s");
    }

    private List<ConsumerRecord<String, String>> records(String topic, Duration during) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            long until = System.nanoTime() + during.toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(100)).forEach(all::add);
            }
        }
        return all;
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("b2-archive-stage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static B2Double startDouble() {
        try {
            return B2Double.builder(DATA.resolve("b2")).bucket(BUCKET).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
