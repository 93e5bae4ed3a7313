package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import academy.pipeline.testkit.ServiceProcess;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A crash exactly between a stage's publish and its commit, at each of the four stages, must neither lose nor
 * dead-letter the recording, nor hand it on twice. The pipeline runs as separate processes; each stage halts its
 * JVM once with {@code pipeline.testing.halt-after-publish} (the window a SIGKILL can hit), a supervisor restarts
 * it as compose's {@code restart:} would, and the one recording must end with one record in
 * {@code recordings.done}, nothing in any DLT, one archived and one hosted copy, notifications under one
 * Idempotency-Key, an empty spool and the status {@code done}. The time limits are generous because six JVMs
 * start (and four restart) on what may be a busy 2-core machine; they bound a hang, they are not expectations.
 */
class HandOverCrashTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @TempDir
    Path dataDir;

    @Test
    void aCrashBetweenPublishAndCommitAtEveryStageStillDeliversTheRecordingExactlyOnce() throws Exception {
        assumeTrue(SplitPipeline.jarsBuilt(ROOT), "service jars not built: run ./mvnw package (verify builds them)");
        Path logs = Path.of("target", "hand-over-crash").toAbsolutePath();
        try (WebsiteReceiver website = WebsiteReceiver.start("crash-secret");
             SplitPipeline pipeline = new SplitPipeline(ROOT, dataDir, logs, List.of(
                     "--pipeline.notify.website-url=" + website.url(),
                     "--pipeline.notify.secret=crash-secret",
                     "--pipeline.testing.halt-after-publish=download,archive,stream,notify",
                     "--pipeline.stages.download.retry-delays=1s,1s",
                     "--pipeline.stages.archive.retry-delays=1s,1s",
                     "--pipeline.stages.stream.retry-delays=1s,1s",
                     "--pipeline.stages.notify.retry-delays=1s,1s"))) {
            pipeline.start();
            ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
            supervisor.scheduleWithFixedDelay(() -> restartWhatDied(pipeline), 0, 200, TimeUnit.MILLISECONDS);
            try {
                Path source = TestFiles.random(dataDir.resolve("incoming/lecture.mp4"), 4_000_000, 16);
                String recordingId = submit(pipeline, source);

                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    for (Stage stage : Stage.values()) {
                        assertThat(dataDir.resolve("testing/halted-after-publish-" + stage.id()))
                                .as("%s halted once between publish and commit", stage.id()).exists();
                    }
                    assertThat(keysIn(pipeline, Topics.DONE)).contains(recordingId);
                    for (Stage stage : Stage.values()) {
                        assertThat(uncommitted(pipeline, "recordings-stage-" + stage.id(), stage.inbox()))
                                .as("records of %s not yet committed", stage.inbox()).isZero();
                    }
                });

                assertThat(keysIn(pipeline, Topics.DONE)).as("hand-overs to recordings.done")
                        .filteredOn(recordingId::equals).hasSize(1);
                for (Stage stage : Stage.values()) {
                    assertThat(keysIn(pipeline, stage.deadLetterTopic())).as(stage.deadLetterTopic()).isEmpty();
                }
                String sha1 = TestFiles.sha1(source);
                assertThat(ChaosTest.finished(dataDir.resolve("archive"), recordingId)).singleElement()
                        .satisfies(file -> assertThat(TestFiles.sha1(file)).isEqualTo(sha1));
                assertThat(ChaosTest.finished(dataDir.resolve("stream"), recordingId)).singleElement()
                        .satisfies(file -> assertThat(TestFiles.sha1(file)).isEqualTo(sha1));
                // notify halts after the website accepted, so the website may hear it twice: with the same key
                assertThat(website.accepted()).isNotEmpty()
                        .allSatisfy(note -> assertThat(note.idempotencyKey()).isEqualTo(recordingId));
                assertThat(dataDir.resolve("spool").resolve(recordingId)).doesNotExist();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(status(pipeline, recordingId).get("phase").asString()).isEqualTo("done"));
            } finally {
                supervisor.shutdownNow();
                supervisor.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** What compose's {@code restart: unless-stopped} does: a service whose process ended is started again. */
    private static void restartWhatDied(SplitPipeline pipeline) {
        for (String service : SplitPipeline.SERVICES) {
            ServiceProcess process = pipeline.process(service);
            if (!process.isAlive()) {
                try {
                    System.out.println("supervisor: restarting " + service);
                    process.start();
                } catch (Exception e) {
                    throw new IllegalStateException("could not restart " + service, e);
                }
            }
        }
    }

    private static String submit(SplitPipeline pipeline, Path file) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/custom-upload"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"" + file + "\"}")).build();
        String[] id = new String[1];
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                return false;
            }
            id[0] = EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
            return true;
        });
        return id[0];
    }

    private static JsonNode status(SplitPipeline pipeline, String recordingId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(pipeline.operatorUrl() + "/recordings/" + recordingId)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return EventCodec.mapper().readTree(response.body());
    }

    private static List<String> keysIn(SplitPipeline pipeline, String topic) {
        return TopicProbe.readAll(pipeline.bootstrapServers(), topic).stream().map(ConsumerRecord::key).toList();
    }

    /**
     * Records of the (single-partition) topic after the group's committed offset: what a restart would deliver
     * again. Counted by reading, not by offset arithmetic: transaction markers take offsets too.
     */
    private static long uncommitted(SplitPipeline pipeline, String group, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long from;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            from = committed == null ? 0 : committed.offset();
        }
        return TopicProbe.readFrom(pipeline.bootstrapServers(), topic, from).size();
    }

}
