package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage runtime on a real (embedded KRaft) broker: results reach the next topic, retryable failures go
 * through the retry topics without blocking later recordings, fatal ones go straight to the DLT.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "pipeline.stages.archive.retry-delays=300ms,300ms,300ms",
        "pipeline.stages.archive.progress-interval=0s"})
@EmbeddedKafka(partitions = 1)
class StageRuntimeIntegrationTest {

    /** A step whose behaviour each test scripts per recording: fail N times retryably, or fail fatally. */
    static final Map<String, AtomicInteger> retryableFailuresLeft = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @SpringBootApplication
    static class TestApplication {

        @Bean
        StageListener archiveListener(StageListeners stages) {
            return stages.listener(Stage.ARCHIVE, (event, context) -> {
                attempts.computeIfAbsent(event.recordingId(), id -> new AtomicInteger()).incrementAndGet();
                if (event.title().equals("poison")) {
                    throw new FatalStepException("checksum mismatch for " + event.recordingId());
                }
                AtomicInteger left = retryableFailuresLeft.get(event.recordingId());
                if (left != null && left.getAndDecrement() > 0) {
                    throw new IOException("B2 answered 503 (attempt " + context.attempt() + ")");
                }
                context.transfer(100).transferred(100);
                return event.withOrigin(Origin.ofPath("/archived/" + context.attempt(), 100L, "f.mp4", null));
            });
        }

        @Bean
        RetryTopicConfiguration archiveRetries(StageListeners stages) {
            return stages.retryTopics(Stage.ARCHIVE);
        }
    }

    @Autowired
    EventPublisher publisher;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    private static RecordingEvent recording(String id, String title) {
        return RecordingEvent.accepted(id, Source.CUSTOM, title, Map.of(), Origin.ofPath("/in/" + id, 100L, "f.mp4", null),
                Instant.now());
    }

    @Test
    void aFlakyRecordingIsRetriedWhileTheNextOneGoesAhead() {
        String flaky = "flaky-" + UUID.randomUUID();
        String steady = "steady-" + UUID.randomUUID();
        retryableFailuresLeft.put(flaky, new AtomicInteger(2));

        publisher.publish(Topics.ARCHIVE, recording(flaky, "flaky"));
        publisher.publish(Topics.ARCHIVE, recording(steady, "steady"));

        List<ConsumerRecord<String, String>> out = readUntil(Topics.STREAM, 2, List.of(flaky, steady));
        assertThat(out).extracting(ConsumerRecord::key).containsExactly(steady, flaky);
        assertThat(EventCodec.decodeRecording(out.get(1).value()).origin().path()).isEqualTo("/archived/3");
        assertThat(attempts.get(flaky)).hasValue(3);
        assertThat(attempts.get(steady)).hasValue(1);

        assertThat(statusesOf(flaky, Transition.RETRY_SCHEDULED)).extracting(StatusEvent::attempt).containsExactly(1, 2);
        assertThat(statusesOf(flaky, Transition.RETRY_SCHEDULED)).allSatisfy(s ->
                assertThat(s.reason()).contains("B2 answered 503"));
        assertThat(statusesOf(flaky, Transition.SUCCEEDED)).extracting(StatusEvent::attempt).containsExactly(3);
    }

    @Test
    void aFatalFailureGoesStraightToTheDeadLetterTopicWithItsReason() {
        String poison = "poison-" + UUID.randomUUID();
        String next = "after-poison-" + UUID.randomUUID();

        publisher.publish(Topics.ARCHIVE, recording(poison, "poison"));
        publisher.publish(Topics.ARCHIVE, recording(next, "fine"));

        List<ConsumerRecord<String, String>> dead = readUntil(Stage.ARCHIVE.deadLetterTopic(), 1, List.of(poison));
        ConsumerRecord<String, String> record = dead.get(0);
        assertThat(header(record, FailureHeaders.STAGE)).isEqualTo("archive");
        assertThat(header(record, FailureHeaders.ATTEMPT)).isEqualTo("1");
        assertThat(header(record, FailureHeaders.REASON)).isEqualTo("FatalStepException: checksum mismatch for " + poison);
        assertThat(EventCodec.decodeRecording(record.value()).recordingId()).isEqualTo(poison);
        assertThat(attempts.get(poison)).hasValue(1);

        assertThat(readUntil(Topics.STREAM, 1, List.of(next))).extracting(ConsumerRecord::key).containsExactly(next);
        assertThat(statusesOf(poison, Transition.DEAD_LETTERED)).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("checksum mismatch"));
    }

    private List<StatusEvent> statusesOf(String recordingId, Transition transition) {
        List<StatusEvent> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : readAll(Topics.STATUS, Duration.ofSeconds(1))) {
            StatusEvent s = EventCodec.decodeStatus(r.value());
            if (s.recordingId().equals(recordingId) && s.transition() == transition) {
                found.add(s);
            }
        }
        return found;
    }

    /** Reads the topic from the start until {@code count} records with the given keys arrived (30 s at most). */
    private List<ConsumerRecord<String, String>> readUntil(String topic, int count, List<String> keys) {
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            assignFromStart(consumer, topic);
            long deadline = System.currentTimeMillis() + 30_000;
            while (matching.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        matching.add(r);
                    }
                });
            }
        }
        return matching;
    }

    private List<ConsumerRecord<String, String>> readAll(String topic, Duration quiet) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            assignFromStart(consumer, topic);
            long deadline = System.currentTimeMillis() + quiet.toMillis();
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private static void assignFromStart(KafkaConsumer<String, String> consumer, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
