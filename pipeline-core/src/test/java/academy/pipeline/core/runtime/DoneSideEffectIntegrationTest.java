package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link DoneSideEffect} declared as a bean runs for each record of {@code recordings.done} on a real (embedded
 * KRaft) broker: a failing action is tried again, one that keeps failing is skipped without holding up the next
 * recording, and a malformed record is skipped.
 */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 1)
class DoneSideEffectIntegrationTest {

    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    static final List<String> done = new CopyOnWriteArrayList<>();

    @SpringBootApplication
    static class TestApplication {

        @Bean
        DoneSideEffect countingSideEffect() {
            return new DoneSideEffect("counting-side-effect", event -> {
                int call = calls.computeIfAbsent(event.recordingId(), id -> new AtomicInteger()).incrementAndGet();
                if (event.title().equals("always failing") || (event.title().equals("flaky") && call <= 2)) {
                    throw new IOException("the vendor answered 503");
                }
                done.add(event.recordingId());
            });
        }
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    KafkaTemplate<String, String> kafka;

    private static RecordingEvent recording(String id, String title) {
        return RecordingEvent.accepted(id, Source.CUSTOM, title, Map.of(),
                Origin.ofPath("/in/" + id, 100L, "f.mp4", null), Instant.now());
    }

    @Test
    void aFailingActionIsTriedAgain() {
        String flaky = "flaky-" + UUID.randomUUID();

        publisher.publish(Topics.DONE, recording(flaky, "flaky"));

        await().atMost(Duration.ofSeconds(30)).until(() -> done.contains(flaky));
        assertThat(calls.get(flaky)).hasValue(3);
    }

    @Test
    void anActionThatKeepsFailingIsSkippedAndTheNextRecordingStillRuns() {
        String failing = "failing-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();

        publisher.publish(Topics.DONE, recording(failing, "always failing"));
        publisher.publish(Topics.DONE, recording(next, "fine"));

        await().atMost(Duration.ofSeconds(30)).until(() -> done.contains(next));
        assertThat(calls.get(failing).get()).isGreaterThan(1);
        assertThat(done).doesNotContain(failing);
    }

    @Test
    void aMalformedRecordIsSkipped() throws Exception {
        String next = "after-malformed-" + UUID.randomUUID();

        kafka.send(Topics.DONE, "malformed", "{not json").get(10, TimeUnit.SECONDS);
        publisher.publish(Topics.DONE, recording(next, "fine"));

        await().atMost(Duration.ofSeconds(30)).until(() -> done.contains(next));
        assertThat(calls).doesNotContainKey("malformed");
    }
}
