package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Topics;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Progress lives in Kafka: a pipeline stopped while a recording is in flight (here: the website has not answered
 * yet) finishes it after a restart, exactly once: one archived file, one hosted copy, one record on
 * recordings.done, every notification under the same Idempotency-Key. Crashes (SIGKILL) are the chaos suite's.
 */
class StandaloneRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRecordingInterruptedByAStopCompletesExactlyOnceAfterARestart() throws Exception {
        try (WebsiteReceiver website = WebsiteReceiver.start("s");
             StandaloneHarness pipeline = new StandaloneHarness(dataDir,
                     "--pipeline.notify.website-url=" + website.url(), "--pipeline.notify.secret=s",
                     "--pipeline.notify.timeout=3s", "--pipeline.stages.notify.retry-delays=300ms")) {
            pipeline.start();
            Path source = TestFiles.random(dataDir.resolve("incoming/talk.mp4"), 2_000_000, 11);
            website.holdRequests();

            HttpResponse<String> response = pipeline.postJson("/custom-upload", "{\"path\":\"" + source + "\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            String recordingId = EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> website.waiting() == 1);

            pipeline.stop();
            website.release();
            pipeline.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> doneRecords(pipeline, recordingId).size() == 1);
            // and it stays one: the redelivered try after the restart is no second hand-over
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> doneRecords(pipeline, recordingId).size() == 1);
            assertThat(website.accepted()).isNotEmpty()
                    .allSatisfy(n -> assertThat(n.idempotencyKey()).isEqualTo(recordingId));
            assertThat(filesUnder(dataDir.resolve("archive"))).hasSize(1);
            assertThat(filesUnder(dataDir.resolve("stream"))).hasSize(1);
            assertThat(TestFiles.sha1(filesUnder(dataDir.resolve("archive")).get(0))).isEqualTo(TestFiles.sha1(source));
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dataDir.resolve("spool").resolve(recordingId)));
        }
    }

    private static List<ConsumerRecord<String, String>> doneRecords(StandaloneHarness pipeline, String recordingId) {
        return TopicProbe.readAll(pipeline.standalone().bootstrapServers(), Topics.DONE).stream()
                .filter(r -> recordingId.equals(r.key()))
                .toList();
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
