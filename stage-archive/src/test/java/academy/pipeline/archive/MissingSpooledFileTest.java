package academy.pipeline.archive;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.runtime.FailureHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recording whose spooled file is gone (or was never set) cannot be healed by a retry: on a real (embedded
 * KRaft) broker the archive stage sends it to its DLT on the first attempt, with the recovery hint, although
 * its retry delays (a minute and more) would hold a retryable failure back.
 */
@SpringBootTest(classes = ArchiveStageApplication.class, properties = "server.port=0")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MissingSpooledFileTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", data::toString);
    }

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Test
    void aMissingSpooledFileGoesToTheDeadLetterTopicAtOnceWithTheRecoveryHint() throws Exception {
        RecordingEvent fileGone = RecordingEvent.accepted("rec-file-gone", Source.CUSTOM, "Lecture", Map.of(), null,
                Instant.now()).withSpooled(new SpooledFile("rec-file-gone/video.mp4", 100, "ab", "video/mp4", "video.mp4"));
        RecordingEvent neverSpooled = RecordingEvent.accepted("rec-never-spooled", Source.CUSTOM, "Lecture", Map.of(),
                null, Instant.now());

        publish(fileGone);
        publish(neverSpooled);

        Map<String, ConsumerRecord<String, String>> dead = deadLetters(2);
        assertThat(dead).containsOnlyKeys("rec-file-gone", "rec-never-spooled");
        assertThat(dead.values()).allSatisfy(record -> {
            assertThat(header(record, FailureHeaders.ATTEMPT)).isEqualTo("1");
            assertThat(header(record, FailureHeaders.REASON)).contains("replay the download stage");
        });
        assertThat(header(dead.get("rec-file-gone"), FailureHeaders.REASON))
                .contains("spooled file is missing: rec-file-gone/video.mp4");
        assertThat(header(dead.get("rec-never-spooled"), FailureHeaders.REASON))
                .contains("recording rec-never-spooled has no spooled file");
    }

    private void publish(RecordingEvent event) throws Exception {
        kafka.send(Topics.ARCHIVE, event.recordingId(), EventCodec.encode(event)).get(10, TimeUnit.SECONDS);
    }

    /** The first {@code count} records of the archive DLT by key; fails after 30 s. */
    private Map<String, ConsumerRecord<String, String>> deadLetters(int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                KafkaTestUtils.consumerProps(brokers, "dlt-reader"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Stage.ARCHIVE.deadLetterTopic()));
            Map<String, ConsumerRecord<String, String>> byKey = new HashMap<>();
            StreamSupport.stream(KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(30), count).spliterator(), false)
                    .forEach(record -> byKey.put(record.key(), record));
            return byKey;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
