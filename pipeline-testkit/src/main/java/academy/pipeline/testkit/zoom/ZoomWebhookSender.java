package academy.pipeline.testkit.zoom;

import academy.pipeline.core.security.Hmac;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Sends webhooks the way Zoom does: POST JSON with {@code x-zm-request-timestamp} (epoch seconds),
 * {@code x-zm-signature = v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}"))}, {@code x-zm-trackingid} and Zoom's
 * user agent. Faults for tests: stale or future timestamps, wrong signatures, a body changed after signing.
 */
public final class ZoomWebhookSender {

    private final URI endpoint;
    private final String secretToken;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ZoomWebhookSender(URI endpoint, String secretToken) {
        this(endpoint, secretToken, Clock.systemUTC());
    }

    public ZoomWebhookSender(URI endpoint, String secretToken, Clock clock) {
        this.endpoint = endpoint;
        this.secretToken = secretToken;
        this.clock = clock;
    }

    /** Zoom's signature of {@code body} sent at {@code timestamp}. */
    public static String signature(String secretToken, String timestamp, byte[] body) {
        byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "v0=" + HexFormat.of().formatHex(Hmac.sha256(secretToken, message));
    }

    /** A correctly signed delivery, timestamped now. */
    public HttpResponse<String> send(String body) throws IOException, InterruptedException {
        return sendSignedAt(body, Duration.ZERO);
    }

    /** A correctly signed delivery whose timestamp is {@code skew} away from now (negative: in the past). */
    public HttpResponse<String> sendSignedAt(String body, Duration skew) throws IOException, InterruptedException {
        String timestamp = Long.toString(clock.instant().plus(skew).getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, timestamp, signature(secretToken, timestamp, bytes));
    }

    /** A delivery signed with another secret. */
    public HttpResponse<String> sendWithWrongSecret(String body) throws IOException, InterruptedException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, timestamp, signature(secretToken + "-not", timestamp, bytes));
    }

    /** Signs {@code signedBody} but sends {@code sentBody}, as a man in the middle would. */
    public HttpResponse<String> sendTampered(String signedBody, String sentBody) throws IOException, InterruptedException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return post(sentBody.getBytes(StandardCharsets.UTF_8), timestamp,
                signature(secretToken, timestamp, signedBody.getBytes(StandardCharsets.UTF_8)));
    }

    /** A correctly signed delivery, timestamped now, with another Content-Type than Zoom's. */
    public HttpResponse<String> sendAs(String contentType, String body) throws IOException, InterruptedException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, contentType, timestamp, signature(secretToken, timestamp, bytes));
    }

    /** Sends the body with exactly these headers (null: header left out). */
    public HttpResponse<String> post(byte[] body, String timestamp, String signature) throws IOException, InterruptedException {
        return post(body, "application/json; charset=utf-8", timestamp, signature);
    }

    /** Sends the body with exactly these headers (null: header left out). */
    public HttpResponse<String> post(byte[] body, String contentType, String timestamp, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("User-Agent", "Zoom Marketplace/1.0a")
                .header("x-zm-trackingid", "v=2.0&s=" + System.nanoTime() + "&c=test")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timestamp != null) {
            request.header("x-zm-request-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("x-zm-signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
