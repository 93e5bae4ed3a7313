package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.testkit.ProcStatus;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/stream-bunny.sh's driver (not a test): one file through (1) a plain tus-java-client upload to the Bunny
 * double, (2) the stream stage running in its own small-footprint JVM (embedded Kafka, Bunny provider), and
 * (3) the plain upload again; prints throughputs, their ratio, and the stage JVM's peak RSS (VmHWM).
 *
 * <p>Arguments: {@code <work dir> <size bytes> <stage jar> <chunk bytes> <request bytes> [stage JVM options...]}.
 */
public final class StreamBunnyBenchmark {

    private static final String LIBRARY = "90210";
    private static final String KEY = "bench-library-key";
    private static final double MIB = 1024 * 1024;

    private StreamBunnyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        long size = Long.parseLong(args[1]);
        Path stageJar = Path.of(args[2]);
        int chunk = Integer.parseInt(args[3]);
        int request = Integer.parseInt(args[4]);
        List<String> jvmOptions = List.of(args).subList(5, args.length);

        String recordingId = "bench-" + System.currentTimeMillis();
        Path spool = Files.createDirectories(work.resolve("spool"));
        Path file = spool.resolve(recordingId).resolve("lecture.mp4");
        log("writing %,d bytes to %s", size, file);
        TestFiles.random(file, size, 42);
        String sha1 = TestFiles.sha1(file);

        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        // one broker: the transaction log of the stages' hand-overs must fit on it
        kafka.brokerProperties(java.util.Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        kafka.afterPropertiesSet();
        try (BunnyStreamDouble bunny = BunnyStreamDouble.start(work.resolve("bunny"), LIBRARY, KEY)) {
            double plainBefore = plainUpload(bunny, file, size, chunk, request);
            log("plain tus upload: %.1f MiB/s", plainBefore);

            Process stage = startStage(stageJar, jvmOptions, work, spool, kafka.getBrokersAsString(), bunny, chunk,
                    request);
            try {
                RssSampler rss = new RssSampler(stage.pid());
                rss.start();
                // a running service is warm: one small recording first (class loading, JIT, first connections)
                String warmUpId = "warm-up-" + recordingId;
                Path warmUp = TestFiles.random(spool.resolve(warmUpId).resolve("lecture.mp4"), 8 << 20, 7);
                StageRun warm = throughStage(kafka.getBrokersAsString(), warmUpId, warmUp, 8 << 20,
                        TestFiles.sha1(warmUp));
                deleteVideo(bunny, warm.videoId());
                log("stream stage warmed up (8 MiB in %d ms)", warm.millis());
                StageRun run = throughStage(kafka.getBrokersAsString(), recordingId, file, size, sha1);
                long hwm = rss.peakKib();
                rss.interrupt();
                String stored = bunny.sha1(run.videoId());
                if (!stored.equals(sha1)) {
                    throw new IllegalStateException("uploaded bytes differ: " + stored + " != " + sha1);
                }
                double stageRate = size / MIB / (run.millis() / 1000.0);
                log("stream stage: %.1f MiB/s (step %d ms), byte-identical", stageRate, run.millis());
                deleteVideo(bunny, run.videoId());

                double plainAfter = plainUpload(bunny, file, size, chunk, request);
                log("plain tus upload again: %.1f MiB/s", plainAfter);
                double plain = (plainBefore + plainAfter) / 2;
                System.out.printf("%nRESULT size=%d bytes (%.2f GiB)%n", size, size / MIB / 1024);
                System.out.printf("RESULT plain tus (mean of 2): %.1f MiB/s%n", plain);
                System.out.printf("RESULT stream stage:          %.1f MiB/s%n", stageRate);
                System.out.printf("RESULT ratio stage/plain:     %.3f%n", stageRate / plain);
                System.out.printf("RESULT stage JVM peak RSS (VmHWM): %.1f MiB%n", hwm / 1024.0);
            } finally {
                stage.destroy();
                stage.waitFor();
            }
        } finally {
            kafka.destroy();
        }
    }

    /** The same client library, used directly: TusUpload(File), one signature, the same chunk/request sizes. */
    private static double plainUpload(BunnyStreamDouble bunny, Path file, long size, int chunk, int request)
            throws Exception {
        String videoId = createVideo(bunny, "plain upload");
        long expires = Instant.now().getEpochSecond() + 24 * 3600;
        TusClient client = new TusClient();
        client.setUploadCreationURL(bunny.tusUrl().toURL());
        client.setHeaders(Map.of("AuthorizationSignature", SigningTusClient.sign(LIBRARY, KEY, expires, videoId),
                "AuthorizationExpire", Long.toString(expires), "VideoId", videoId, "LibraryId", LIBRARY));
        TusUpload upload = new TusUpload(file.toFile());
        upload.setMetadata(Map.of("filetype", "video/mp4", "title", "plain upload"));
        long started = System.nanoTime();
        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(chunk);
        uploader.setRequestPayloadSize(request);
        while (uploader.getOffset() < size) {
            uploader.uploadChunk();
        }
        uploader.finish();
        double seconds = (System.nanoTime() - started) / 1e9;
        deleteVideo(bunny, videoId);
        return size / MIB / seconds;
    }

    private static Process startStage(Path jar, List<String> jvmOptions, Path work, Path spool, String brokers,
                                      BunnyStreamDouble bunny, int chunk, int request) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(),
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--pipeline.data-dir=" + work.resolve("stage"),
                "--pipeline.spool-dir=" + spool,
                "--pipeline.stream.bunny.library-id=" + LIBRARY,
                "--pipeline.stream.bunny.api-key=" + KEY,
                "--pipeline.stream.bunny.api-url=" + bunny.apiUrl(),
                "--pipeline.stream.bunny.tus-url=" + bunny.tusUrl(),
                "--pipeline.stream.bunny.chunk-size=" + chunk + "B",
                "--pipeline.stream.bunny.request-size=" + request + "B"));
        Path log = work.resolve("stage.log");
        log("starting the stream stage: %s (log %s)", String.join(" ", jvmOptions), log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private record StageRun(String videoId, long millis) {
    }

    private static StageRun throughStage(String brokers, String recordingId, Path file, long size, String sha1)
            throws Exception {
        SpooledFile spooled = new SpooledFile(recordingId + "/" + file.getFileName(), size, sha1, "video/mp4",
                file.getFileName().toString());
        RecordingEvent event = RecordingEvent.accepted(recordingId, Source.CUSTOM, "Benchmark lecture", Map.of(),
                null, Instant.now()).withSpooled(spooled);
        Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.STREAM, recordingId, EventCodec.encode(event))).get();
        }
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + recordingId);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.STATUS));
            Instant giveUp = Instant.now().plus(Duration.ofHours(2));
            while (Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    StatusEvent status = EventCodec.decodeStatus(record.value());
                    if (!recordingId.equals(status.recordingId()) || status.stage() != Stage.STREAM) {
                        continue;
                    }
                    if (status.transition() == Transition.PROGRESS) {
                        log("progress %.0f%%", 100.0 * status.bytesDone() / size);
                    } else if (status.transition() == Transition.SUCCEEDED) {
                        return new StageRun(status.event().stream().videoId(), status.durationMs());
                    } else if (status.transition() == Transition.RETRY_SCHEDULED
                            || status.transition() == Transition.DEAD_LETTERED) {
                        throw new IllegalStateException("stage failed: " + status.reason());
                    }
                }
            }
        }
        throw new IllegalStateException("the stream stage did not finish in time");
    }

    private static String createVideo(BunnyStreamDouble bunny, String title) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(bunny.apiUrl() + "/library/" + LIBRARY + "/videos"))
                .header("AccessKey", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode video = EventCodec.mapper().readTree(response.body());
        return video.get("guid").asString();
    }

    /** Frees the double's disk between runs. */
    private static void deleteVideo(BunnyStreamDouble bunny, String videoId) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(bunny.apiUrl() + "/library/" + LIBRARY + "/videos/" + videoId))
                .header("AccessKey", KEY).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Keeps the process's VmHWM (peak resident set) while it runs. */
    private static final class RssSampler extends Thread {
        private final long pid;
        private volatile long peakKib;

        RssSampler(long pid) {
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                sample();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            peakKib = Math.max(peakKib, ProcStatus.kib(pid, "VmHWM"));
        }

        long peakKib() {
            sample();
            return peakKib;
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now(), String.format(format, args));
    }
}
