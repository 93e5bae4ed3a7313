package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Topics;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark runner of issue 8 ({@code bench/run.sh}, docs/benchmarks.md); skipped unless {@code -Dbench=true}.
 * Starts the pipeline as separate processes ({@link SplitPipeline}: broker, gateway, four stages, each a JVM with
 * bin/jvm-options) against the testkit doubles running in this JVM (Zoom download server, B2, Bunny Stream,
 * website), feeds it signed Zoom webhooks and measures, side by side in one run: peak RSS per service for a big
 * vs a 64 MiB recording, each transfer step's throughput vs curl against the same double, pipelining of 8
 * bandwidth-capped recordings vs one at a time, webhook intake rate and latency, and hop / end-to-end latency.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PipelineBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long MIB = 1 << 20;
    private static final long SIZE_MIB = Long.getLong("bench.size-mib", 4096);
    private static final long SMALL_MIB = Math.min(64, SIZE_MIB);
    private static final long PIPELINE_MIB = Long.getLong("bench.pipeline-mib", 16);
    private static final long CAP_BYTES_PER_S = Long.getLong("bench.cap-mib-per-s", 8) * MIB;
    private static final int RECORDINGS = Integer.getInteger("bench.recordings", 8);
    private static final int WEBHOOKS = Integer.getInteger("bench.webhooks", 5000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final Path JSON = Path.of(System.getProperty("bench.json", "target/bench/results.json"));
    /** Which measurements run: any of hops, transfer (memory, throughput and raw limits), pipeline, intake. */
    private static final Set<String> PARTS = Set.of(System.getProperty("bench.parts", "hops,transfer,pipeline,egress,intake")
            .split(","));
    private static final String ZOOM_SECRET = "bench-zoom-secret";
    private static final String WEBSITE_SECRET = "bench-website-secret";
    private static final String BUNNY_LIBRARY = "777";
    private static final String BUNNY_KEY = "bench-bunny-key";
    private static final String TOKEN = "bench-download-token";
    private static final List<String> STEPS = List.of("download", "archive", "stream", "notify");

    private final Path work = Path.of("target", "bench").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong meetingIds = new AtomicLong(90_000_000_000L);
    private final BenchTable table = new BenchTable();
    private ZoomDownloadServer zoom;
    private ZoomWebhookSender sender;
    private SplitPipeline pipeline;

    @Test
    void run() throws Exception {
        assumeTrue(SplitPipeline.jarsBuilt(ROOT), "service jars not built: run ./mvnw package");
        deleteTree(work);
        Path files = Files.createDirectories(work.resolve("files"));
        table.context("started", Instant.now().toString());
        table.context("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        table.context("loadAverageBefore", loadAverage());
        table.context("sizeMiB", Long.toString(SIZE_MIB));
        table.context("jvmOptions", String.join(" ", academy.pipeline.testkit.JvmOptions.read(ROOT)));
        table.context("parts", String.join(",", PARTS));

        try (WebsiteReceiver website = WebsiteReceiver.start(WEBSITE_SECRET);
             ZoomDownloadServer zoomServer = ZoomDownloadServer.start();
             B2Double b2 = B2Double.builder(work.resolve("b2")).bucket("archive").start();
             BunnyStreamDouble bunny = BunnyStreamDouble.start(work.resolve("bunny"), BUNNY_LIBRARY, BUNNY_KEY)) {
            zoom = zoomServer;
            zoom.acceptToken(TOKEN);
            pipeline = new SplitPipeline(ROOT, work.resolve("data"), work.resolve("logs"), List.of(
                    "--pipeline.zoom.webhook-secret-token=" + ZOOM_SECRET,
                    "--pipeline.zoom.allowed-hosts=127.0.0.1",
                "--pipeline.zoom.allow-insecure-hosts=true",
                    "--pipeline.archive.b2.application-key-id=" + b2.keyId(),
                    "--pipeline.archive.b2.application-key=" + b2.applicationKey(),
                    "--pipeline.archive.b2.bucket-name=archive",
                    "--pipeline.archive.b2.master-url=" + b2.masterUrl(),
                    "--pipeline.stream.bunny.library-id=" + BUNNY_LIBRARY,
                    "--pipeline.stream.bunny.api-key=" + BUNNY_KEY,
                    "--pipeline.stream.bunny.api-url=" + bunny.apiUrl(),
                    "--pipeline.stream.bunny.tus-url=" + bunny.tusUrl(),
                    "--pipeline.notify.website-url=" + website.url(),
                    "--pipeline.notify.secret=" + WEBSITE_SECRET,
                    "--logging.level.academy.pipeline=WARN"));
            try (SplitPipeline started = pipeline.start()) {
                waitForGateway();
                sender = new ZoomWebhookSender(URI.create(gateway() + "/zoom-upload"), ZOOM_SECRET);

                if (PARTS.contains("hops")) {
                    hopLatency(files);
                }
                if (PARTS.contains("transfer")) {
                    memoryAndThroughput(files, b2, bunny);
                }
                if (PARTS.contains("pipeline")) {
                    pipelining(files, b2, bunny);
                }
                if (PARTS.contains("egress")) {
                    new EgressRow(table, pipeline, b2, bunny, ROOT, BUNNY_LIBRARY, BUNNY_KEY).measure(
                            TestFiles.random(files.resolve("egress.mp4"), SMALL_MIB * MIB, 21),
                            (file, name) -> awaitDone(submit(file, name, -1), Duration.ofMinutes(5)));
                }
                if (PARTS.contains("intake")) {
                    intake();
                }
            }
        }
        table.context("loadAverageAfter", loadAverage());
        table.context("finished", Instant.now().toString());
        System.out.println();
        System.out.println(table.render());
        Path json = JSON.isAbsolute() ? JSON : ROOT.resolve(JSON);
        table.writeJson(json);
        Files.writeString(json.resolveSibling(json.getFileName() + ".txt"), table.render());
        System.out.println("bench: results written to " + json);
    }

    // ---- 5. hop latency and end-to-end time of a 1 MB recording ---------------------------------------------

    private void hopLatency(Path files) throws Exception {
        Path file = TestFiles.random(files.resolve("one-mb.mp4"), 1_000_000, 1);
        awaitDone(submit(file, "warmup", -1), Duration.ofMinutes(3));
        List<Map<String, Double>> runs = new ArrayList<>();
        List<Double> e2e = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            String id = submit(file, "one-mb-" + i, -1);
            JsonNode status = awaitDone(id, Duration.ofMinutes(2));
            e2e.add((System.nanoTime() - t0) / 1e6);
            runs.add(hops(status));
        }
        for (String hop : runs.get(0).keySet()) {
            double median = median(runs.stream().map(r -> r.get(hop)).toList());
            table.add(new BenchTable.Row("5.hops", hop + " (median of 3)", median, Double.NaN,
                    Double.NaN, "ms", "", null));
        }
        table.add(new BenchTable.Row("5.hops", "end-to-end 1 MB, webhook sent -> notify done (median of 3)",
                median(e2e), Double.NaN, Double.NaN, "ms", "", null));
    }

    /**
     * accepted -> download received, then each stage's succeeded -> next stage's received; each step's own time
     * (received -> succeeded); plus accepted -> done.
     */
    private static Map<String, Double> hops(JsonNode status) {
        Map<String, Instant> at = new LinkedHashMap<>();
        for (JsonNode event : status.get("history")) {
            at.putIfAbsent(event.get("stage").asString() + "/" + event.get("transition").asString(), instant(event.get("at")));
        }
        Map<String, Double> hops = new LinkedHashMap<>();
        hops.put("hop gateway accepted -> download received", millis(at.get("download/accepted"), at.get("download/received")));
        for (int i = 0; i + 1 < STEPS.size(); i++) {
            hops.put("hop " + STEPS.get(i) + " succeeded -> " + STEPS.get(i + 1) + " received",
                    millis(at.get(STEPS.get(i) + "/succeeded"), at.get(STEPS.get(i + 1) + "/received")));
        }
        for (String step : STEPS) {
            hops.put("step " + step + " received -> succeeded", millis(at.get(step + "/received"), at.get(step + "/succeeded")));
        }
        hops.put("hop accepted -> notify succeeded (status times)", millis(at.get("download/accepted"), at.get("notify/succeeded")));
        return hops;
    }

    // ---- 1. peak RSS, 2. throughput vs curl --------------------------------------------------------------------

    private void memoryAndThroughput(Path files, B2Double b2, BunnyStreamDouble bunny) throws Exception {
        Path small = TestFiles.random(files.resolve("small.mp4"), SMALL_MIB * MIB, 2);
        awaitDone(submit(small, "small", -1), Duration.ofMinutes(10));
        Map<String, Long> smallPeak = peaks();
        Files.delete(small);

        Path big = TestFiles.random(files.resolve("big.mp4"), SIZE_MIB * MIB, 3);
        long size = Files.size(big);
        String sha1 = TestFiles.sha1(big);
        String sourceUrl = zoom.add("bench-big", "big", big).webhookDownloadUrl();
        Map<String, Double> curlBefore = curlRates(sourceUrl, b2, bunny, big, sha1, size);
        Map<String, Double> limitsBefore = rawLimits(big, size);
        JsonNode bigStatus = awaitDone(submit(big, "big-file", -1, "bench-big", "big"), Duration.ofMinutes(90));
        Map<String, Long> bigPeak = peaks();
        for (String service : bigPeak.keySet()) {
            double s = smallPeak.get(service) / 1024.0;
            double b = bigPeak.get(service) / 1024.0;
            boolean met = b <= 256 && b / s <= 1.10;
            table.add(new BenchTable.Row("1.memory", service + " VmHWM " + SIZE_MIB + " MiB vs " + SMALL_MIB + " MiB",
                    b, s, b / s, "MiB", service.equals("broker") ? "(not a service goal)" : "<=256 MiB, ratio<=1.10",
                    service.equals("broker") ? null : met));
        }
        reportSpoolLeftovers();
        Map<String, Double> curlAfter = curlRates(sourceUrl, b2, bunny, big, sha1, size);
        Map<String, Double> limitsAfter = rawLimits(big, size);
        for (String limit : limitsBefore.keySet()) {
            table.context("limit." + limit, String.format(java.util.Locale.ROOT, "before the step %.1f, after %.1f",
                    limitsBefore.get(limit), limitsAfter.get(limit)));
            table.add(new BenchTable.Row("0.limits", limit + ", " + SIZE_MIB + " MiB",
                    (limitsBefore.get(limit) + limitsAfter.get(limit)) / 2, Double.NaN, Double.NaN, "MiB/s",
                    "(context)", null));
        }

        Map<String, Double> stepRate = new LinkedHashMap<>();
        for (JsonNode event : bigStatus.get("history")) {
            String stage = event.get("stage").asString();
            if (event.get("transition").asString().equals("succeeded") && event.has("durationMs")
                    && !stage.equals("notify")) {
                stepRate.put(stage, size / MIB / (event.get("durationMs").asLong() / 1000.0));
            }
        }
        for (String step : curlBefore.keySet()) {
            double curl = (curlBefore.get(step) + curlAfter.get(step)) / 2;
            double ratio = stepRate.get(step) / curl;
            table.context("curl." + step + ".MiBperS", String.format(java.util.Locale.ROOT, "before the step %.1f, after %.1f",
                    curlBefore.get(step), curlAfter.get(step)));
            table.add(new BenchTable.Row("2.transfer", step + " step " + SIZE_MIB + " MiB vs curl (mean of before/after)",
                    stepRate.get(step), curl, ratio, "MiB/s", ">=0.90x curl", ratio >= 0.90));
        }
        Files.delete(big);
        deleteTree(work.resolve("b2"));
        deleteTree(work.resolve("bunny"));
    }

    /** curl doing each transfer step's transfer against the same double, in MiB/s. */
    private Map<String, Double> curlRates(String sourceUrl, B2Double b2, BunnyStreamDouble bunny, Path big, String sha1,
                                          long size) throws Exception {
        Map<String, Double> curl = new LinkedHashMap<>();
        curl.put("download", curlDownload(sourceUrl, size));
        curl.put("archive", curlB2Upload(b2, big, sha1, size));
        curl.put("stream", curlTusUpload(bunny, big, size));
        return curl;
    }

    /** The machine's raw limits ({@link RawLimit}) on the same file, in MiB/s, by name. */
    private Map<String, Double> rawLimits(Path big, long size) throws Exception {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (RawLimit limit : rawLimits()) {
            rates.put(limit.name(), limit.mibPerSecond(big, size));
        }
        return rates;
    }

    /** The raw limits measured beside the curl baselines; the hook to add one. */
    private List<RawLimit> rawLimits() {
        return List.of(new DiskWriteLimit(pipeline.dataDir()), new LoopbackUploadLimit());
    }

    /** VmHWM in KiB of every process. */
    private Map<String, Long> peaks() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        for (String name : List.of("gateway", "download", "archive", "stream", "notify", "broker")) {
            peaks.put(name, pipeline.process(name).peakRssKib());
        }
        return peaks;
    }

    /** curl GET with the bearer token, following the 302 to storage, to disk (as the stage writes to its spool). */
    private double curlDownload(String url, long size) throws Exception {
        Path out = work.resolve("curl-download.out");
        double seconds = curl("-sS", "-L", "--fail", "-H", "Authorization: Bearer " + TOKEN, "-o", out.toString(),
                "-w", "%{time_total}", url);
        assertThat(Files.size(out)).isEqualTo(size);
        Files.delete(out);
        return size / MIB / seconds;
    }

    /** curl POST of the whole file to a b2_upload_file URL obtained from the double. */
    private double curlB2Upload(B2Double b2, Path file, String sha1, long size) throws Exception {
        String basic = Base64.getEncoder().encodeToString((b2.keyId() + ":" + b2.applicationKey()).getBytes(StandardCharsets.UTF_8));
        JsonNode auth = postJson(b2.masterUrl() + "b2api/v2/b2_authorize_account", "Basic " + basic, "{}");
        String token = auth.get("authorizationToken").asString();
        String api = auth.get("apiUrl").asString();
        JsonNode buckets = postJson(api + "/b2api/v2/b2_list_buckets", token,
                "{\"accountId\":\"" + auth.get("accountId").asString() + "\",\"bucketName\":\"archive\"}");
        JsonNode upload = postJson(api + "/b2api/v2/b2_get_upload_url", token,
                "{\"bucketId\":\"" + buckets.get("buckets").get(0).get("bucketId").asString() + "\"}");
        double seconds = curl("-sS", "--fail", "-o", "/dev/null", "-w", "%{time_total}", "-X", "POST", "-T", file.toString(),
                "-H", "Authorization: " + upload.get("authorizationToken").asString(),
                "-H", "X-Bz-File-Name: curl/baseline.mp4", "-H", "Content-Type: video/mp4",
                "-H", "X-Bz-Content-Sha1: " + sha1, upload.get("uploadUrl").asString());
        return size / MIB / seconds;
    }

    /** Creates a video on the double, a tus upload for it, then one curl PATCH of the whole file. */
    private double curlTusUpload(BunnyStreamDouble bunny, Path file, long size) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(bunny.apiUrl() + "/library/" + BUNNY_LIBRARY + "/videos"))
                .header("AccessKey", BUNNY_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"curl baseline\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String videoId = EventCodec.mapper().readTree(created.body()).get("guid").asString();
        long expires = Instant.now().plusSeconds(3600).getEpochSecond();
        String signature = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((BUNNY_LIBRARY + BUNNY_KEY + expires + videoId).getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder create = HttpRequest.newBuilder(bunny.tusUrl())
                .header("Tus-Resumable", "1.0.0").header("Upload-Length", Long.toString(size))
                .header("Upload-Metadata", "filetype " + b64("video/mp4") + ",title " + b64("curl baseline"))
                .POST(HttpRequest.BodyPublishers.noBody());
        signed(create, signature, expires, videoId);
        HttpResponse<String> tus = http.send(create.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tus.statusCode()).as(tus.body()).isEqualTo(201);
        String location = bunny.tusUrl().resolve(tus.headers().firstValue("Location").orElseThrow()).toString();
        double seconds = curl("-sS", "--fail", "-o", "/dev/null", "-w", "%{time_total}", "-X", "PATCH", "-T", file.toString(),
                "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream",
                "-H", "AuthorizationSignature: " + signature, "-H", "AuthorizationExpire: " + expires,
                "-H", "VideoId: " + videoId, "-H", "LibraryId: " + BUNNY_LIBRARY, location);
        return size / MIB / seconds;
    }

    private static void signed(HttpRequest.Builder request, String signature, long expires, String videoId) {
        request.header("AuthorizationSignature", signature).header("AuthorizationExpire", Long.toString(expires))
                .header("VideoId", videoId).header("LibraryId", BUNNY_LIBRARY);
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    // ---- 3. pipelining --------------------------------------------------------------------------------------

    private void pipelining(Path files, B2Double b2, BunnyStreamDouble bunny) throws Exception {
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < RECORDINGS; i++) {
            sources.add(TestFiles.random(files.resolve("pipelined-" + i + ".mp4"), PIPELINE_MIB * MIB, 100 + i));
        }
        b2.faults().bandwidth(CAP_BYTES_PER_S / 1e6);
        bunny.faults().capBandwidth(CAP_BYTES_PER_S);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < RECORDINGS; i++) {
                awaitDone(submit(sources.get(i), "sequential-" + i, CAP_BYTES_PER_S), Duration.ofMinutes(10));
            }
            double sequential = (System.nanoTime() - t0) / 1e9;
            reportSpoolLeftovers();

            long t1 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RECORDINGS; i++) {
                ids.add(submit(sources.get(i), "pipelined-" + i, CAP_BYTES_PER_S));
            }
            for (String id : ids) {
                awaitDone(id, Duration.ofMinutes(10));
            }
            double pipelined = (System.nanoTime() - t1) / 1e9;
            double ratio = pipelined / sequential;
            table.add(new BenchTable.Row("3.pipeline", RECORDINGS + " x " + PIPELINE_MIB + " MiB at " + CAP_BYTES_PER_S / MIB
                    + " MiB/s per double: together vs one at a time", pipelined, sequential, ratio, "s", "<=0.45x", ratio <= 0.45));
        } finally {
            b2.faults().clear();
            bunny.faults().clear();
        }
    }

    // ---- 4. intake -------------------------------------------------------------------------------------------

    /**
     * Signed webhooks from many concurrent clients, each for a new recording whose download URL nobody fetches:
     * the download stage is stopped first, so the machine measures the gateway and Kafka only. The clients are
     * {@link WebhookLoad}, a JVM of their own with the full JIT (this one is C1-only under the test argLine).
     */
    private void intake() throws Exception {
        pipeline.process("download").close();
        Path result = work.resolve("webhook-load.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), WebhookLoad.class.getName(),
                gateway() + "/zoom-upload", ZOOM_SECRET, zoom.baseUrl() + "/rec/webhook_download/not-fetched", TOKEN,
                Integer.toString(Math.min(300, WEBHOOKS)), Integer.toString(WEBHOOKS), Integer.toString(CLIENTS),
                Long.toString(meetingIds.addAndGet(1_000_000)), result.toString()));
        Process load = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("logs").resolve("webhook-load.log").toFile()))
                .start();
        assertThat(load.waitFor()).as("webhook load generator exit status; see logs/webhook-load.log").isZero();
        JsonNode round = EventCodec.mapper().readTree(Files.readString(result));
        Set<String> accepted = new java.util.HashSet<>();
        round.get("acceptedIds").forEach(id -> accepted.add(id.asString()));
        double rate = accepted.size() / round.get("seconds").asDouble();
        double p99 = round.get("p99Ms").asDouble();
        Set<String> inKafka = TopicProbe.readAll(pipeline.bootstrapServers(), Topics.DOWNLOAD).stream()
                .map(r -> r.key()).collect(Collectors.toSet());
        long durable = accepted.stream().filter(inKafka::contains).count();
        table.add(new BenchTable.Row("4.intake", WEBHOOKS + " signed webhooks, " + CLIENTS + " clients: accepted/s",
                rate, Double.NaN, Double.NaN, "1/s", ">=2000/s", rate >= 2000));
        table.add(new BenchTable.Row("4.intake", "latency p50", round.get("p50Ms").asDouble(), Double.NaN, Double.NaN,
                "ms", "", null));
        table.add(new BenchTable.Row("4.intake", "latency p99", p99, Double.NaN, Double.NaN, "ms", "<=50 ms", p99 <= 50));
        table.add(new BenchTable.Row("4.intake", "accepted (200, new) / sent", accepted.size(), WEBHOOKS,
                (double) accepted.size() / WEBHOOKS, "count", "all", accepted.size() == WEBHOOKS));
        table.add(new BenchTable.Row("4.intake", "accepted ids found as keys on " + Topics.DOWNLOAD, durable,
                accepted.size(), (double) durable / accepted.size(), "count", "all", durable == accepted.size()));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String submit(Path file, String name, long bytesPerSecond) throws Exception {
        return submit(file, name, bytesPerSecond, "bench-" + name + "-" + System.nanoTime(), "file-" + name);
    }

    /** Serves the file from the Zoom double and sends its signed recording.completed webhook; returns the id. */
    private String submit(Path file, String name, long bytesPerSecond, String uuid, String fileId) throws Exception {
        ZoomDownloadServer.RecordingFile served = zoom.add(uuid, fileId, file);
        if (bytesPerSecond > 0) {
            served.bandwidth(bytesPerSecond);
        }
        long id = meetingIds.incrementAndGet();
        String body = ZoomWebhooks.recordingCompleted(meeting(uuid, id, new ZoomWebhooks.RecordingFile(fileId, "MP4",
                "shared_screen_with_speaker_view", Files.size(file), served.webhookDownloadUrl())), TOKEN);
        HttpResponse<String> response = sender.send(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body()).get("recordings").get(0).get("recordingId").asString();
    }

    private static ZoomWebhooks.Meeting meeting(String uuid, long id, ZoomWebhooks.RecordingFile file) {
        return new ZoomWebhooks.Meeting(uuid, id, "Benchmark " + id, "bench@academy.example",
                Instant.parse("2026-11-20T09:00:00Z"), 45, List.of(file));
    }

    /** Polls the gateway's status of the recording until notify succeeded; fails on a dead letter or timeout. */
    private JsonNode awaitDone(String recordingId, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/recordings/" + recordingId))
                .timeout(Duration.ofSeconds(10)).build();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode status = EventCodec.mapper().readTree(response.body());
                String stage = status.get("stage").asString();
                String state = status.get("state").asString();
                if (state.equals("dead-lettered")) {
                    throw new IllegalStateException(recordingId + " dead-lettered at " + stage + ": " + status.get("reason"));
                }
                if (stage.equals("notify") && state.equals("succeeded")) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(recordingId + " not done within " + max + "; logs in " + pipeline.logDir());
    }

    private void waitForGateway() throws Exception {
        long deadline = System.currentTimeMillis() + 600_000; // a loaded machine starts slowly
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.operatorUrl() + "/recordings")).timeout(Duration.ofSeconds(5)).build();
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("gateway did not start; see " + pipeline.logDir());
    }

    private String gateway() {
        return "http://127.0.0.1:" + pipeline.gatewayPort();
    }

    private JsonNode postJson(String url, String authorization, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    /** Runs curl; returns its {@code %{time_total}} in seconds. */
    private double curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("curl " + args[args.length - 1] + " exit status").isZero();
        return Double.parseDouble(out);
    }

    /** Notify deletes a finished recording's spool directory; says so when one was left behind. */
    private void reportSpoolLeftovers() {
        Path spool = pipeline.dataDir().resolve("spool");
        try (var entries = Files.exists(spool) ? Files.list(spool) : java.util.stream.Stream.<Path>empty()) {
            long left = entries.count();
            if (left > 0) {
                System.out.println("bench: " + left + " spool entries left behind");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(JsonNode at) {
        if (at == null || at.isNull()) {
            return null;
        }
        if (at.isNumber()) {
            return Instant.ofEpochSecond(0, Math.round(at.asDouble() * 1e9));
        }
        return Instant.parse(at.asString());
    }

    private static double millis(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
