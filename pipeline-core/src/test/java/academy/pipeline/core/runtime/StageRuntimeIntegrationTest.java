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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stage runtime on a real (embedded KRaft) broker: results reach the next topic, retryable failures go
 * through the retry topics without blocking later recordings, fatal ones go straight to the DLT unless the
 * stage had handed the recording on already (a duplicate), and a stage runs one step at a time.
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
    /** Steps running right now, and the most that ever ran at once. */
    static final AtomicInteger running = new AtomicInteger();
    static final AtomicInteger mostAtOnce = new AtomicInteger();
    /** A "held" recording fails its first try, and its retry holds the stage until released. */
    static final AtomicBoolean heldRetryRunning = new AtomicBoolean();
    static final CountDownLatch releaseHeldRetry = new CountDownLatch(1);

    @SpringBootApplication
    static class TestApplication {

        @Bean
        StageDefinition archiveStage() {
            return new StageDefinition(Stage.ARCHIVE, (event, context) -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    return step(event, context);
                } finally {
                    running.decrementAndGet();
                }
            });
        }

        private static RecordingEvent step(RecordingEvent event, StepContext context) throws Exception {
            attempts.computeIfAbsent(event.recordingId(), id -> new AtomicInteger()).incrementAndGet();
            if (event.title().equals("held")) {
                if (context.attempt() == 1) {
                    throw new IOException("B2 answered 503");
                }
                heldRetryRunning.set(true);
                if (!releaseHeldRetry.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("held retry was never released");
                }
            }
            if (event.title().equals("poison")) {
                throw new FatalStepException("checksum mismatch for " + event.recordingId());
            }
            AtomicInteger left = retryableFailuresLeft.get(event.recordingId());
            if (left != null && left.getAndDecrement() > 0) {
                throw new IOException("B2 answered 503 (attempt " + context.attempt() + ")");
            }
            context.transfer(100).transferred(100);
            return event.withOrigin(Origin.ofPath("/archived/" + context.attempt(), 100L, "f.mp4", null));
        }
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    StageListener archive;

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

    @Test
    void theStageRunsOneStepAtATimeAcrossItsInboxAndRetryContainers() {
        String held = "held-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        mostAtOnce.set(0);

        publisher.publish(Topics.ARCHIVE, recording(held, "held"));
        await().atMost(Duration.ofSeconds(30)).untilTrue(heldRetryRunning);
        // the retry container holds the stage; the inbox container gets the next recording meanwhile
        publisher.publish(Topics.ARCHIVE, recording(next, "fine"));
        await().atMost(Duration.ofSeconds(30)).until(() -> archive.waitingForSlot() == 1 || mostAtOnce.get() > 1);
        releaseHeldRetry.countDown();

        assertThat(mostAtOnce).as("steps of the archive stage running at once").hasValue(1);
        assertThat(readUntil(Topics.STREAM, 2, List.of(held, next))).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(held, next);
    }

    @Test
    void aRecordThisStageHandedOnSinceItArrivedIsADuplicateWhileAReplayStillFails() throws Exception {
        String redelivered = "redelivered-" + UUID.randomUUID();
        String replayed = "replayed-" + UUID.randomUUID();
        long aMinuteAgo = System.currentTimeMillis() - 60_000;
        // redelivered: reached the stage a minute ago and was handed on since (then its spool was cleaned up)
        publisher.publish(Topics.STREAM, recording(redelivered, "poison"));
        send(Topics.ARCHIVE, aMinuteAgo, recording(redelivered, "poison"));
        // replayed: handed on a minute ago, then an operator published it to the stage again
        send(Topics.STREAM, aMinuteAgo, recording(replayed, "poison"));
        publisher.publish(Topics.ARCHIVE, recording(replayed, "poison"));

        assertThat(readUntil(Stage.ARCHIVE.deadLetterTopic(), 1, List.of(replayed))).hasSize(1);
        assertThat(readAll(Stage.ARCHIVE.deadLetterTopic(), Duration.ofSeconds(1))).extracting(ConsumerRecord::key)
                .doesNotContain(redelivered);
        assertThat(statusesOf(redelivered, Transition.DUPLICATE)).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("already handed over to " + Topics.STREAM)
                        .contains("checksum mismatch"));
        assertThat(statusesOf(redelivered, Transition.DEAD_LETTERED)).isEmpty();
        assertThat(statusesOf(replayed, Transition.DEAD_LETTERED)).hasSize(1);
        assertThat(statusesOf(replayed, Transition.DUPLICATE)).isEmpty();
    }

    private void send(String topic, long timestamp, RecordingEvent event) throws Exception {
        kafka.send(new ProducerRecord<>(topic, null, timestamp, event.recordingId(), EventCodec.encode(event)))
                .get(10, TimeUnit.SECONDS);
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
