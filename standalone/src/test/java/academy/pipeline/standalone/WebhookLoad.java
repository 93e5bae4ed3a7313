package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The intake benchmark's load generator, run by {@link PipelineBenchmark} as its own JVM with the full JIT, so the
 * measured gateway does not compete with a C1-only client inside the test JVM. Sends signed
 * {@code recording.completed} webhooks, each a new recording, from {@code clients} threads over keep-alive
 * HTTP/1.1 connections: a warm-up round that is not timed, then the timed round. Bodies are built before the
 * clock starts; each is signed just before it is sent, as Zoom does.
 *
 * <p>Arguments: {@code endpoint secret downloadUrl token warmup count clients firstMeetingId resultFile}. The result
 * is JSON: {@code sent, accepted (200 and new), seconds, p50Ms, p99Ms, acceptedIds}.
 */
public final class WebhookLoad {

    private final URI endpoint;
    private final String secret;
    private final int clients;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private WebhookLoad(URI endpoint, String secret, int clients) {
        this.endpoint = endpoint;
        this.secret = secret;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            throw new IllegalArgumentException(
                    "usage: WebhookLoad endpoint secret downloadUrl token warmup count clients firstMeetingId resultFile");
        }
        WebhookLoad load = new WebhookLoad(URI.create(args[0]), args[1], Integer.parseInt(args[6]));
        String downloadUrl = args[2];
        String token = args[3];
        int warmup = Integer.parseInt(args[4]);
        int count = Integer.parseInt(args[5]);
        long firstMeeting = Long.parseLong(args[7]);
        load.round(bodies(firstMeeting, warmup, downloadUrl, token));
        Round timed = load.round(bodies(firstMeeting + warmup, count, downloadUrl, token));
        Files.writeString(Path.of(args[8]), timed.json());
    }

    private static List<byte[]> bodies(long firstMeeting, int count, String downloadUrl, String token) {
        List<byte[]> bodies = new ArrayList<>(count);
        for (long id = firstMeeting; id < firstMeeting + count; id++) {
            bodies.add(ZoomWebhooks.recordingCompleted(new ZoomWebhooks.Meeting("intake-" + id, id, "Benchmark " + id,
                    "bench@academy.example", Instant.parse("2026-11-20T09:00:00Z"), 45,
                    List.of(new ZoomWebhooks.RecordingFile("f-" + id, "MP4", "shared_screen_with_speaker_view",
                            1_000_000, downloadUrl))), token).getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private Round round(List<byte[]> bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        double[] latencies = new double[bodies.size()];
        Queue<String> accepted = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        long started = System.nanoTime();
                        HttpResponse<String> response = send(bodies.get(i));
                        latencies[i] = (System.nanoTime() - started) / 1e6;
                        if (response.statusCode() == 200) {
                            JsonNode recording = EventCodec.mapper().readTree(response.body()).get("recordings").get(0);
                            if (!recording.get("duplicate").asBoolean()) {
                                accepted.add(recording.get("recordingId").asString());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latencies);
        return new Round(bodies.size(), List.copyOf(accepted), seconds, latencies[latencies.length / 2],
                latencies[(int) Math.ceil(latencies.length * 0.99) - 1]);
    }

    private HttpResponse<String> send(byte[] body) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("x-zm-request-timestamp", timestamp)
                .header("x-zm-signature", ZoomWebhookSender.signature(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Round(int sent, List<String> acceptedIds, double seconds, double p50Ms, double p99Ms) {

        String json() {
            ObjectNode root = EventCodec.mapper().createObjectNode();
            root.put("sent", sent);
            root.put("accepted", acceptedIds.size());
            root.put("seconds", seconds);
            root.put("p50Ms", p50Ms);
            root.put("p99Ms", p99Ms);
            acceptedIds.forEach(root.putArray("acceptedIds")::add);
            return root.toString();
        }
    }
}
