package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import academy.pipeline.testkit.ServiceProcess;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chaos suite: recordings through the pipeline as separate processes while a controller SIGKILLs random
 * services at random moments and restarts them, restarts the Kafka broker once, and takes the website down for
 * a while. Then every recording is checked: exactly one archived file and one hosted copy with the source's
 * SHA-1, a notification accepted (repeats carry the same Idempotency-Key), no spool leftovers, nothing in a DLT.
 *
 * <p>The default (CI) run is short: {@code -Dchaos.recordings=8 -Dchaos.kills=4}. The full run is
 * {@code bench/chaos.sh} (50 recordings). The run prints its seed first; {@code -Dchaos.seed=<seed>} replays the
 * same recordings, sizes and victims (the moments of the kills still depend on the machine's speed).
 */
class ChaosTest {

    private static final int RECORDINGS = Integer.getInteger("chaos.recordings", 8);
    private static final int KILLS = Integer.getInteger("chaos.kills", 4);
    /** Bounds on a hang, not expectations: on a busy 2-core machine a service JVM can take minutes to start. */
    private static final Duration DEADLINE = Duration.ofMinutes(Integer.getInteger("chaos.minutes", 15));
    private static final Duration START_UP = Duration.ofMinutes(10);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    /** Every random choice of a run follows from it; printed at the start, replayed with {@code -Dchaos.seed=}. */
    private final long seed = Long.getLong("chaos.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void everyRecordingCompletesExactlyOnceWhileServicesAreKilledAndTheBrokerRestarts() throws Exception {
        assumeTrue(SplitPipeline.jarsBuilt(ROOT), "service jars not built: run ./mvnw package (verify builds them)");
        System.out.println("chaos: seed=" + seed + " (replay with -Dchaos.seed=" + seed + ")");
        Path logs = Path.of("target", "chaos").toAbsolutePath();
        try (WebsiteReceiver website = WebsiteReceiver.start("chaos-secret");
             SplitPipeline pipeline = new SplitPipeline(ROOT, dataDir, logs, List.of(
                     "--pipeline.notify.website-url=" + website.url(),
                     "--pipeline.notify.secret=chaos-secret",
                     "--pipeline.notify.timeout=5s",
                     "--pipeline.stages.download.retry-delays=1s,2s,3s,5s,5s,5s",
                     "--pipeline.stages.archive.retry-delays=1s,2s,3s,5s,5s,5s",
                     "--pipeline.stages.stream.retry-delays=1s,2s,3s,5s,5s,5s",
                     "--pipeline.stages.notify.retry-delays=1s,2s,3s,5s,5s,5s",
                     "--pipeline.stages.download.progress-interval=1s"))) {
            pipeline.start();
            waitForGateway(pipeline, START_UP);

            Map<String, Path> sources = new LinkedHashMap<>();
            AtomicBoolean chaos = new AtomicBoolean(true);
            Thread controller = new Thread(() -> wreakHavoc(pipeline, website, chaos), "chaos-controller");
            controller.start();
            for (int i = 0; i < RECORDINGS; i++) {
                Path file = TestFiles.random(dataDir.resolve("incoming/recording-" + i + ".mp4"),
                        1_000_000 + random.nextInt(24_000_000), i);
                sources.put(submit(pipeline, file), file);
                Thread.sleep(random.nextInt(600));
            }
            controller.join();
            chaos.set(false);

            long deadline = System.currentTimeMillis() + DEADLINE.toMillis();
            while (System.currentTimeMillis() < deadline && !doneKeys(pipeline).containsAll(sources.keySet())) {
                Thread.sleep(1000);
            }
            Thread.sleep(2000);

            List<String> failures = new ArrayList<>();
            Set<String> dead = deadLettered(pipeline);
            for (Map.Entry<String, Path> entry : sources.entrySet()) {
                String problem = check(entry.getKey(), entry.getValue(), website, dead);
                if (problem != null) {
                    failures.add(entry.getKey() + ": " + problem);
                }
            }
            String summary = "chaos: seed=" + seed + " " + (sources.size() - failures.size()) + " passed, "
                    + failures.size() + " failed";
            System.out.println(summary);
            failures.forEach(f -> System.out.println("  " + f));
            Files.writeString(logs.resolve("summary.txt"), summary + System.lineSeparator()
                    + String.join(System.lineSeparator(), failures) + System.lineSeparator());
            assertThat(failures).as(summary + " (service logs in " + logs + ")").isEmpty();
        }
    }

    /** Kills random services at random moments (restarting each), restarts the broker once, downs the website once. */
    private void wreakHavoc(SplitPipeline pipeline, WebsiteReceiver website, AtomicBoolean chaos) {
        try {
            int brokerAt = KILLS / 2;
            for (int kill = 0; kill < KILLS && chaos.get(); kill++) {
                Thread.sleep(1500 + random.nextInt(2500));
                if (kill == brokerAt) {
                    restart(pipeline.process("broker"), 2000);
                    website.goDown();
                    Thread.sleep(4000 + random.nextInt(3000));
                    website.comeBack();
                } else {
                    String victim = SplitPipeline.SERVICES.get(random.nextInt(SplitPipeline.SERVICES.size()));
                    restart(pipeline.process(victim), 500 + random.nextInt(1500));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("chaos controller failed", e);
        }
    }

    private static void restart(ServiceProcess process, long downMillis) throws Exception {
        System.out.println("chaos: SIGKILL " + process.name());
        process.kill();
        Thread.sleep(downMillis);
        process.start();
    }

    /** Submits a custom upload, retrying while the gateway is down (a SIGKILLed gateway restarts). */
    private String submit(SplitPipeline pipeline, Path file) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/custom-upload"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"" + file + "\"}"))
                .build();
        long deadline = System.currentTimeMillis() + START_UP.toMillis();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return EventCodec.mapper().readTree(response.body()).get("recordingId").asString();
                }
            } catch (java.io.IOException e) {
                // gateway down or restarting
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("gateway did not accept " + file + " within " + START_UP);
            }
            Thread.sleep(500);
        }
    }

    private void waitForGateway(SplitPipeline pipeline, Duration max) throws Exception {
        long deadline = System.currentTimeMillis() + max.toMillis();
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/recordings"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("gateway did not start; see " + pipeline.logDir());
    }

    private static Set<String> doneKeys(SplitPipeline pipeline) {
        try {
            return TopicProbe.readAll(pipeline.bootstrapServers(), Topics.DONE).stream()
                    .map(r -> r.key()).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private static Set<String> deadLettered(SplitPipeline pipeline) {
        return Stream.of(Stage.values())
                .flatMap(s -> TopicProbe.readAll(pipeline.bootstrapServers(), s.deadLetterTopic()).stream())
                .map(r -> r.key()).collect(Collectors.toSet());
    }

    /** @return what is wrong with the recording, or null when it ended exactly as it should */
    private String check(String recordingId, Path source, WebsiteReceiver website, Set<String> dead) throws Exception {
        String sha1 = TestFiles.sha1(source);
        if (dead.contains(recordingId)) {
            return "dead-lettered";
        }
        List<Path> archived = finished(dataDir.resolve("archive"), recordingId);
        if (archived.size() != 1) {
            return archived.size() + " archived files";
        }
        if (!TestFiles.sha1(archived.get(0)).equals(sha1)) {
            return "archived SHA-1 differs";
        }
        List<Path> streamed = finished(dataDir.resolve("stream").resolve(recordingId), recordingId);
        if (streamed.size() != 1 || !TestFiles.sha1(streamed.get(0)).equals(sha1)) {
            return streamed.size() + " hosted copies (or SHA-1 differs)";
        }
        List<WebsiteReceiver.Received> notes = website.accepted().stream()
                .filter(n -> recordingId.equals(n.idempotencyKey())).toList();
        if (notes.isEmpty()) {
            return "no notification accepted";
        }
        for (WebsiteReceiver.Received note : notes) {
            JsonNode body = EventCodec.mapper().readTree(note.body());
            if (!note.signatureValid() || !body.get("file").get("sha1").asString().equals(sha1)) {
                return "notification with bad signature or SHA-1";
            }
        }
        if (Files.exists(dataDir.resolve("spool").resolve(recordingId))) {
            return "spool directory left behind";
        }
        return null;
    }

    /** The finished (not {@code .part}) files of {@code recordingId} under {@code dir}, an archive or stream folder. */
    static List<Path> finished(Path dir, String recordingId) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains(recordingId))
                    .filter(p -> !p.getFileName().toString().endsWith(".part"))
                    .toList();
        }
    }
}
