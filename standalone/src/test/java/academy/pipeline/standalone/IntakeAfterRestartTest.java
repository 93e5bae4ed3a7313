package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.testkit.FreePorts;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Duplicate webhooks after a restart: the gateway rebuilds its status view from {@code recordings.status} at
 * start, and until it has caught up, a recording accepted before the restart looks new. Zoom's repeated
 * delivery, sent while the pipeline is starting, must not become a second recording.
 */
class IntakeAfterRestartTest {

    private static final String ZOOM_SECRET = "restart-secret";

    @TempDir
    Path dataDir;

    @Test
    void aDuplicateWebhookDuringStartUpWithAThousandRecordingsInTheStatusTopicIsNoSecondRecording() throws Exception {
        int port = FreePorts.next();
        try (StandaloneHarness pipeline = new StandaloneHarness(dataDir,
                "--pipeline.zoom.webhook-secret-token=" + ZOOM_SECRET).onPort(port).start()) {
            ZoomWebhookSender sender = new ZoomWebhookSender(URI.create("http://127.0.0.1:" + port + "/zoom-upload"), ZOOM_SECRET);
            String webhook = ZoomWebhooks.recordingCompleted(new ZoomWebhooks.Meeting("restart-uuid==", 94_000_000_001L,
                    "Before the restart", "tutor@academy.example", Instant.parse("2026-11-20T09:00:00Z"), 45,
                    List.of(new ZoomWebhooks.RecordingFile("file-restart", "MP4", "speaker_view", 1_000,
                            "https://zoom.us/rec/webhook_download/file-restart"))), "dl-token");
            HttpResponse<String> first = sender.send(webhook);
            assertThat(first.statusCode()).isEqualTo(200);
            String recordingId = recordings(first).get(0).get("recordingId").asString();
            fillStatusTopic(pipeline.standalone().bootstrapServers(), 1_000);

            pipeline.stop();
            CompletableFuture<StandaloneHarness> restart = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Integer> whileStarting = new CopyOnWriteArrayList<>();
            HttpResponse<String> answer = await("a 200 within two minutes of the restart")
                    .atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        HttpResponse<String> response = sender.send(webhook);
                        if (response.statusCode() != 200) {
                            whileStarting.add(response.statusCode());
                            assertThat(response.statusCode()).isEqualTo(503);
                            assertThat(response.headers().firstValue("Retry-After")).isPresent();
                        }
                        return response;
                    }, response -> response.statusCode() == 200);
            restart.get();

            assertThat(recordings(answer).get(0).get("recordingId").asString()).isEqualTo(recordingId);
            assertThat(recordings(answer).get(0).get("duplicate").asBoolean()).isTrue();
            assertThat(TopicProbe.readAll(pipeline.standalone().bootstrapServers(), Stage.DOWNLOAD.inbox()).stream()
                    .filter(r -> r.key().equals(recordingId))).hasSize(1);
            System.out.println("intake answers while the status view caught up: " + whileStarting);
        }
    }

    private static List<JsonNode> recordings(HttpResponse<String> response) {
        List<JsonNode> list = new ArrayList<>();
        EventCodec.mapper().readTree(response.body()).get("recordings").forEach(list::add);
        return list;
    }

    /** Other recordings' accepted transitions after the one that matters, as a busy pipeline would have. */
    private static void fillStatusTopic(String bootstrapServers, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < count; i++) {
                String id = "custom-restart-" + i;
                producer.send(new ProducerRecord<>(Topics.STATUS, id, EventCodec.encode(
                        StatusEvent.of(id, Stage.DOWNLOAD, Transition.ACCEPTED, 0, Instant.now()))));
            }
            producer.flush();
        }
    }
}
