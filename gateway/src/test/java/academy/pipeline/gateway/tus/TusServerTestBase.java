package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import me.desair.tus.server.upload.UploadId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway on a real Tomcat with a small thread pool (2 workers, so the requests that follow a refused one run on
 * the thread that refused it), an embedded broker, and tus limits small enough to reach in a test. All tus suites
 * share this one context; each test uses its own ace_ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "pipeline.tus.grant-secret=" + TusServerTestBase.SECRET,
        "pipeline.tus.max-size=" + TusServerTestBase.MAX_SIZE,
        "pipeline.tus.lock-wait=1s",
        "pipeline.tus.max-uploads-per-grant=" + TusServerTestBase.MAX_UPLOADS_PER_GRANT,
        "pipeline.tus.max-bytes-per-grant=" + TusServerTestBase.MAX_BYTES_PER_GRANT,
        "pipeline.tus.metadata-keys=collection",
        "server.tomcat.threads.max=2",
        "server.tomcat.threads.min-spare=1"})
@EmbeddedKafka(partitions = 1)
abstract class TusServerTestBase {

    static final String SECRET = "tus-test-secret";
    static final long MAX_SIZE = 8_000_000;
    static final int MAX_UPLOADS_PER_GRANT = 6;
    static final long MAX_BYTES_PER_GRANT = 12_000_000;

    private static final AtomicInteger ACE_IDS = new AtomicInteger();
    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    UploadGrants grants;

    @Autowired
    TusUploadStore store;

    @Autowired
    EmbeddedKafkaBroker broker;

    RawTus tus;

    @BeforeEach
    void client() {
        tus = new RawTus(port);
    }

    /** A fresh ace_id, so no two tests share a grant's quota or recording. */
    static String newAceId() {
        return "t" + ACE_IDS.incrementAndGet() + "-" + System.nanoTime();
    }

    String grant(String aceId) {
        return grant(aceId, MAX_SIZE);
    }

    String grant(String aceId, long maxSize) {
        return grants.sign(new UploadGrant(aceId, Instant.now().plusSeconds(3600), maxSize));
    }

    static String meta(String aceId) {
        return RawTus.metadata(Map.of("ace_id", aceId, "title", "Lecture " + aceId));
    }

    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    static UploadId idOf(String uploadPath) {
        return new UploadId(uploadPath.substring(uploadPath.lastIndexOf('/') + 1));
    }

    /** Every event published to recordings.download for this recording, from the start of the topic. */
    List<RecordingEvent> published(String recordingId) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "tus-test-" + System.nanoTime(), false);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition inbox = new TopicPartition(Stage.DOWNLOAD.inbox(), 0);
            consumer.assign(List.of(inbox));
            consumer.seekToBeginning(List.of(inbox));
            long end = consumer.endOffsets(List.of(inbox)).get(inbox);
            List<RecordingEvent> found = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(inbox) < end && System.nanoTime() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (recordingId.equals(record.key())) {
                        found.add(EventCodec.decodeRecording(record.value()));
                    }
                }
            }
            return found;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tus-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
