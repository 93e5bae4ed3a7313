package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.StreamedVideo;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.runtime.FailureHeaders;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.stream.StreamStageApplication;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import academy.pipeline.testkit.bunny.DoubleVideo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream stage with the Bunny provider, through real Kafka (embedded broker, retry topics, DLT) and real
 * HTTP to the Bunny Stream double, uploading with tus-java-client.
 */
@SpringBootTest(classes = StreamStageApplication.class, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "pipeline.stages.stream.retry-delays=300ms,300ms,300ms",
        "pipeline.stages.stream.progress-interval=100ms",
        "pipeline.http.idle-timeout=10s",
        "pipeline.http.response-timeout=10s",
        "pipeline.stream.bunny.library-id=" + BunnyStreamStageIntegrationTest.LIBRARY,
        "pipeline.stream.bunny.api-key=" + BunnyStreamStageIntegrationTest.KEY,
        "pipeline.stream.bunny.chunk-size=128KB",
        "pipeline.stream.bunny.request-size=1MB",
        "pipeline.stream.bunny.signature-lifetime=" + BunnyStreamStageIntegrationTest.SIGNATURE_LIFETIME,
        "pipeline.stream.bunny.wait-until-playable=true",
        "pipeline.stream.bunny.poll-interval=100ms",
        "pipeline.stream.bunny.playable-timeout=20s"})
@EmbeddedKafka(partitions = 1)
class BunnyStreamStageIntegrationTest {

    static final String LIBRARY = "4711";
    static final String KEY = "library-api-key";
    /** Every test uploads with signatures this short; the double refuses an expired one with 401. */
    static final String SIGNATURE_LIFETIME = "2s";
    private static final long MB = 1024 * 1024;
    private static final AtomicInteger recordings = new AtomicInteger();

    private static final Path dataDir;
    private static final BunnyStreamDouble bunny;

    static {
        try {
            dataDir = Files.createTempDirectory("bunny-stage-test");
            bunny = BunnyStreamDouble.start(dataDir.resolve("bunny"), LIBRARY, KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bunny.encodingStep(Duration.ofMillis(100));
    }

    @DynamicPropertySource
    static void bunnyDouble(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", () -> dataDir.resolve("pipeline").toString());
        registry.add("pipeline.stream.bunny.api-url", () -> bunny.apiUrl().toString());
        registry.add("pipeline.stream.bunny.tus-url", () -> bunny.tusUrl().toString());
    }

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    Spool spool;
    @Autowired
    EmbeddedKafkaBroker broker;

    @AfterEach
    void clearFaults() {
        bunny.faults().clear();
        bunny.rotateApiKey(KEY);
    }

    @AfterAll
    static void stopDouble() {
        bunny.close();
    }

    @Test
    void uploadsByteIdenticalAndRecordsTheVideoWhenPlayable() throws Exception {
        // an exact multiple of the request size: no extra empty PATCH may be needed to finish
        RecordingEvent event = spooledRecording("Cell biology 1", 4 * MB);
        String sha1 = event.spooled().sha1();
        bunny.faults().capBandwidth(8 * MB); // about half a second: progress is reported every 100 ms

        publish(event);
        RecordingEvent out = awaitOutput(Topics.NOTIFY, event.recordingId());

        StreamedVideo stream = out.stream();
        assertThat(stream.provider()).isEqualTo("bunny");
        assertThat(stream.libraryId()).isEqualTo(LIBRARY);
        assertThat(stream.playUrl()).isEqualTo("https://iframe.mediadelivery.net/play/" + LIBRARY + "/" + stream.videoId());
        assertThat(stream.embedUrl()).isEqualTo("https://iframe.mediadelivery.net/embed/" + LIBRARY + "/" + stream.videoId());
        assertThat(videosTitled("Cell biology 1")).hasSize(1);
        DoubleVideo video = bunny.video(stream.videoId()).orElseThrow();
        assertThat(video.status()).as("waited until playable").isEqualTo(DoubleVideo.FINISHED);
        assertThat(bunny.sha1(stream.videoId())).isEqualTo(sha1);
        assertThat(statuses(event.recordingId(), Transition.PROGRESS)).isNotEmpty();
    }

    @Test
    void connectionCutMidUploadIsResumedFromTheServerOffsetByTheRetry() throws Exception {
        long size = 5 * MB + 12345;
        RecordingEvent event = spooledRecording("Cut lecture", size);
        bunny.faults().cutUploadAt(3 * MB + 500_000);
        long receivedBefore = bunny.bytesReceived();
        int createdBefore = bunny.videosCreated();

        publish(event);
        RecordingEvent out = awaitOutput(Topics.NOTIFY, event.recordingId());

        assertThat(statuses(event.recordingId(), Transition.RETRY_SCHEDULED)).hasSize(1);
        assertThat(bunny.videosCreated() - createdBefore).as("one video only").isEqualTo(1);
        assertThat(bunny.sha1(out.stream().videoId())).isEqualTo(event.spooled().sha1());
        long sent = bunny.bytesReceived() - receivedBefore;
        assertThat(sent).as("bytes received in total").isGreaterThanOrEqualTo(size).isLessThan(size + 2 * MB);
    }

    @Test
    void anUploadThatCannotBeResumedMakesTheRetryDeleteItsVideoAndStartOver() throws Exception {
        RecordingEvent event = spooledRecording("Lost upload", 3 * MB);
        bunny.faults().loseUploadAt(2 * MB);
        int createdBefore = bunny.videosCreated();

        publish(event);
        RecordingEvent out = awaitOutput(Topics.NOTIFY, event.recordingId());

        assertThat(statuses(event.recordingId(), Transition.RETRY_SCHEDULED)).hasSize(1);
        assertThat(bunny.videosCreated() - createdBefore).as("the lost one and its replacement").isEqualTo(2);
        assertThat(videosTitled("Lost upload")).as("the lost one was deleted").extracting(DoubleVideo::guid)
                .containsExactly(out.stream().videoId());
        assertThat(bunny.sha1(out.stream().videoId())).isEqualTo(event.spooled().sha1());
    }

    @Test
    void wrongApiKeyDeadLettersWithTheReason() throws Exception {
        bunny.rotateApiKey("someone-rotated-the-key");
        RecordingEvent event = spooledRecording("Wrong key lecture", 1 * MB);

        publish(event);
        ConsumerRecord<String, String> dead = awaitRecord(Stage.STREAM.deadLetterTopic(), event.recordingId());

        String reason = new String(dead.headers().lastHeader(FailureHeaders.REASON).value(), StandardCharsets.UTF_8);
        assertThat(reason).contains("Bunny Stream refused").contains("HTTP 401").contains(LIBRARY)
                .contains("Authorization has been denied for this request.")
                .doesNotContain(KEY).doesNotContain("someone-rotated-the-key");
        assertThat(statuses(event.recordingId(), Transition.RETRY_SCHEDULED)).as("fatal: no retries").isEmpty();
        assertThat(videosTitled("Wrong key lecture")).isEmpty();
    }

    @Test
    void uploadSignatureRefusedMidUploadDeadLettersWithTheReason() throws Exception {
        RecordingEvent event = spooledRecording("Key rotated mid-upload", 8 * MB);
        bunny.faults().capBandwidth(MB);

        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> !videosTitled("Key rotated mid-upload").isEmpty());
        bunny.rotateApiKey("rotated-during-the-upload");
        ConsumerRecord<String, String> dead = awaitRecord(Stage.STREAM.deadLetterTopic(), event.recordingId());

        String reason = new String(dead.headers().lastHeader(FailureHeaders.REASON).value(), StandardCharsets.UTF_8);
        // The double answers 401 as soon as it sees the PATCH's headers; whether the client reads that answer or
        // first finds the connection closed under its sized body is a race. Read: fatal at once. Closed: one
        // retry, whose look-up of the video gets the API's 401, fatal then.
        assertThat(reason).contains("HTTP 401")
                .containsAnyOf("upload signature was refused", "refused to read video")
                .doesNotContain(KEY).doesNotContain("rotated-during-the-upload");
        assertThat(statuses(event.recordingId(), Transition.RETRY_SCHEDULED)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void serviceUnavailableIsRetriedThroughTheRetryTopicsIntoTheSameVideo() throws Exception {
        RecordingEvent event = spooledRecording("Busy lecture", 2 * MB + 7);
        // the video gets created, then the tus endpoint answers 503 twice
        bunny.faults().failNextTusRequests(2, 503);

        publish(event);
        RecordingEvent out = awaitOutput(Topics.NOTIFY, event.recordingId());

        List<StatusEvent> retries = statuses(event.recordingId(), Transition.RETRY_SCHEDULED);
        assertThat(retries).hasSize(2);
        assertThat(retries.get(0).reason()).contains("503");
        assertThat(videosTitled("Busy lecture")).hasSize(1).extracting(DoubleVideo::guid)
                .containsExactly(out.stream().videoId());
        assertThat(bunny.sha1(out.stream().videoId())).isEqualTo(event.spooled().sha1());
    }

    @Test
    void slowUploadOutlivingItsSignatureIsReSignedAndNeverRefused() throws Exception {
        // 2 s signatures, an upload of about 6 s at 1 MB/s in 1 MB requests: the double refuses an expired
        // signature, so finishing in one attempt means the later requests carried renewed ones
        RecordingEvent event = spooledRecording("Slow lecture", 6 * MB);
        bunny.faults().capBandwidth(MB);
        long started = System.nanoTime();

        publish(event);
        RecordingEvent out = awaitOutput(Topics.NOTIFY, event.recordingId());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the upload outlasted two signatures")
                .isGreaterThan(Duration.parse("PT" + SIGNATURE_LIFETIME).multipliedBy(2));
        assertThat(statuses(event.recordingId(), Transition.RETRY_SCHEDULED)).isEmpty();
        assertThat(statuses(event.recordingId(), Transition.DEAD_LETTERED)).isEmpty();
        assertThat(bunny.sha1(out.stream().videoId())).isEqualTo(event.spooled().sha1());
    }

    @Test
    void aRepeatedDeliveryAfterSuccessReusesTheUploadedVideo() throws Exception {
        RecordingEvent event = spooledRecording("Twice delivered", 1 * MB + 3);
        publish(event);
        RecordingEvent first = awaitOutput(Topics.NOTIFY, event.recordingId());
        long receivedBefore = bunny.bytesReceived();

        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> records(Topics.NOTIFY, event.recordingId()).size() == 2);

        RecordingEvent second = EventCodec.decodeRecording(records(Topics.NOTIFY, event.recordingId()).get(1).value());
        assertThat(second.stream()).isEqualTo(first.stream());
        assertThat(videosTitled("Twice delivered")).hasSize(1);
        assertThat(bunny.bytesReceived()).isEqualTo(receivedBefore);
    }

    private RecordingEvent spooledRecording(String title, long size) throws IOException {
        String recordingId = "bunny-test-" + recordings.incrementAndGet();
        Path file = spool.file(recordingId, "lecture.mp4");
        TestFiles.random(file, size, recordingId.hashCode());
        SpooledFile spooled = new SpooledFile(spool.relative(file), size, TestFiles.sha1(file), "video/mp4",
                "lecture.mp4");
        return RecordingEvent.accepted(recordingId, Source.CUSTOM, title, Map.of(), null, Instant.now())
                .withSpooled(spooled);
    }

    private void publish(RecordingEvent event) throws Exception {
        kafka.send(Topics.STREAM, event.recordingId(), EventCodec.encode(event)).get();
    }

    private List<DoubleVideo> videosTitled(String title) {
        return bunny.videos().stream().filter(v -> v.title().equals(title)).toList();
    }

    private RecordingEvent awaitOutput(String topic, String recordingId) {
        return EventCodec.decodeRecording(awaitRecord(topic, recordingId).value());
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, String recordingId) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            found.addAll(records(topic, recordingId));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private List<StatusEvent> statuses(String recordingId, Transition transition) {
        return records(Topics.STATUS, recordingId).stream()
                .map(r -> EventCodec.decodeStatus(r.value()))
                .filter(s -> s.stage() == Stage.STREAM && s.transition() == transition)
                .toList();
    }

    /** Every record of the topic's one partition with this recording's key (status keys start with it). */
    private List<ConsumerRecord<String, String>> records(String topic, String recordingId) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-reader-" + System.nanoTime(), false);
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> matching = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Optional.ofNullable(record.key()).filter(k -> k.equals(recordingId)
                            || k.startsWith(recordingId + "/") || k.startsWith(recordingId + ":")).isPresent()) {
                        matching.add(record);
                    }
                }
            }
            return matching;
        }
    }
}
