package academy.pipeline.gateway.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.GatewayApplication;
import academy.pipeline.testkit.FreePorts;
import academy.pipeline.testkit.JvmOptions;
import academy.pipeline.testkit.ServiceProcess;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import academy.pipeline.testkit.zoom.ZoomWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile webhook traffic against a gateway running as its own JVM with the project's production options
 * ({@code bin/jvm-options}: exit on OutOfMemoryError) and a 128 MB heap: hundreds of stalled unsigned ~1 MB bodies,
 * bodies with forged signature headers that stall, wrong content types and oversized signed bodies. The
 * process must stay up and keep accepting Zoom's signed webhooks.
 */
class WebhookFloodTest {

    private static final String SECRET = "flood-secret";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LOG = Path.of("target", "webhook-flood", "gateway.log").toAbsolutePath();
    private static final int MAX_UNVERIFIED = 16;
    private static final String HEAP = "128m";

    @TempDir
    static Path dataDir;

    static EmbeddedKafkaKraftBroker kafka;
    static ServiceProcess gateway;
    static int port;
    static ZoomWebhookSender sender;

    @BeforeAll
    static void startGateway() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.read(ROOT));
        // the gateway's share of the standalone JVM's 256 MB, where the whole pipeline runs
        command.add("-Xmx" + HEAP);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--pipeline.data-dir=" + dataDir,
                "--pipeline.instance-id=gateway-flood",
                "--server.port=" + port,
                // not the default 9010, which another gateway on this machine may hold
                "--pipeline.gateway.operator-port=" + FreePorts.next(),
                "--pipeline.zoom.webhook-secret-token=" + SECRET,
                "--pipeline.zoom.max-unverified-bodies=" + MAX_UNVERIFIED,
                "--pipeline.zoom.body-read-timeout=3s"));
        gateway = new ServiceProcess("gateway", command, LOG).start();
        sender = new ZoomWebhookSender(URI.create("http://127.0.0.1:" + port + "/zoom-upload"), SECRET);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> sender.send(ZoomWebhooks.urlValidation("warm-up")).statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void stalledUnsignedMegabyteBodiesDoNotKillTheGatewayAndSignedWebhooksAreAcceptedMeanwhile() throws Exception {
        List<Socket> attackers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Socket>> connections = new ArrayList<>();
            for (int i = 0; i < 220; i++) {
                boolean chunked = i % 2 == 1;
                connections.add(pool.submit(() -> stall(chunked ? chunkedHeaders() : lengthHeaders(1_040_000), 1_000_000, chunked)));
            }
            for (Future<Socket> connection : connections) {
                attackers.add(connection.get());
            }

            assertThat(gateway.isAlive()).as("gateway alive after the flood (log: " + LOG + ")").isTrue();
            HttpResponse<String> validation = sender.send(ZoomWebhooks.urlValidation("during-the-flood"));
            assertThat(validation.statusCode()).isEqualTo(200);
            HttpResponse<String> recording = sender.send(ZoomWebhooks.recordingCompleted(meeting("flood-1"), "dl-token"));
            assertThat(recording.statusCode()).isEqualTo(200);
            assertThat(EventCodec.mapper().readTree(recording.body()).get("recordings")).hasSize(1);
            assertThat(gateway.isAlive()).isTrue();
        } finally {
            pool.shutdownNow();
            for (Socket attacker : attackers) {
                attacker.close();
            }
        }
    }

    @Test
    void stalledBodiesWithForgedSignatureHeadersAreBoundedThenTimedOutAndZoomsRetryIsAccepted() throws Exception {
        List<Socket> attackers = new ArrayList<>();
        try {
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            String forged = "POST /zoom-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "x-zm-request-timestamp: " + timestamp + "\r\nx-zm-signature: v0=" + "0".repeat(64) + "\r\n"
                    + "Content-Length: 60000\r\n\r\n";
            for (int i = 0; i < MAX_UNVERIFIED + 4; i++) {
                attackers.add(stall(forged, 30_000, false));
            }
            // all are in: the ones over the limit were turned away at once
            await().atMost(Duration.ofSeconds(10)).until(() -> answered(attackers) == 4);

            HttpResponse<String> whileFull = sender.send(ZoomWebhooks.urlValidation("while-full"));
            assertThat(whileFull.statusCode()).isEqualTo(503);
            assertThat(whileFull.headers().firstValue("Retry-After")).contains("5");

            List<String> answers = new ArrayList<>();
            for (Socket attacker : attackers) {
                answers.add(answer(attacker));
            }
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 503"))
                    .hasSize(4).allSatisfy(a -> assertThat(a).contains("Retry-After: 5").contains("\"error\":\"busy\""));
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 408"))
                    .hasSize(MAX_UNVERIFIED).allSatisfy(a -> assertThat(a).contains("body_timeout"));
            assertThat(sender.send(ZoomWebhooks.urlValidation("after-the-timeouts")).statusCode()).isEqualTo(200);
            assertThat(gateway.isAlive()).isTrue();
        } finally {
            for (Socket attacker : attackers) {
                attacker.close();
            }
        }
    }

    @Test
    void aBodyThatIsNotJsonGets415SignedOrNot() throws Exception {
        String body = ZoomWebhooks.urlValidation("form");

        HttpResponse<String> signed = sender.sendAs("application/x-www-form-urlencoded", body);
        HttpResponse<String> unsigned = sender.post(body.getBytes(StandardCharsets.UTF_8), "text/plain", null, null);

        for (HttpResponse<String> response : List.of(signed, unsigned)) {
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(EventCodec.mapper().readTree(response.body()).get("error").asString()).isEqualTo("unsupported_media_type");
        }
    }

    @Test
    void aSignedBodyOver64KiBGets413() throws Exception {
        String body = "{\"event\":\"meeting.started\",\"payload\":{\"padding\":\"" + "x".repeat(70_000) + "\"}}";

        HttpResponse<String> response = sender.send(body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(EventCodec.mapper().readTree(response.body()).get("error").asString()).isEqualTo("body_too_large");
    }

    private static ZoomWebhooks.Meeting meeting(String uuid) {
        return new ZoomWebhooks.Meeting(uuid, 93_000_000_001L, "Flood", "tutor@academy.example",
                Instant.parse("2026-11-20T09:00:00Z"), 45, List.of(new ZoomWebhooks.RecordingFile("file-flood", "MP4",
                "shared_screen_with_speaker_view", 1_000, "https://zoom.us/rec/webhook_download/file-flood")));
    }

    private static String lengthHeaders(long contentLength) {
        return "POST /zoom-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    private static String chunkedHeaders() {
        return "POST /zoom-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
    }

    /**
     * Connects, sends the headers and {@code bodyBytes} of a JSON-looking body, and leaves the connection open
     * without finishing it. Write failures (the gateway refused and closed) are the gateway's choice, not errors.
     */
    private static Socket stall(String headers, int bodyBytes, boolean chunked) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) 'a');
            byte[] start = "{\"event\":\"recording.completed\",\"payload\":{\"x\":\"".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(start, 0, chunk, 0, start.length);
            for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
                int n = Math.min(chunk.length, bodyBytes - sent);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(chunk, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                java.util.Arrays.fill(chunk, 0, start.length, (byte) 'a');
            }
            out.flush();
        } catch (IOException refusedAndClosed) {
            // the gateway answered and closed the connection before the body was sent
        }
        return socket;
    }

    private static long answered(List<Socket> sockets) {
        return sockets.stream().filter(socket -> {
            try {
                return socket.getInputStream().available() > 0;
            } catch (IOException e) {
                return true;
            }
        }).count();
    }

    /** What the gateway answered on this connection (status line, headers and body), up to its close. */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
