package academy.pipeline.testkit.bunny;

import academy.pipeline.core.event.EventCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The double's HTTP contract, spoken over real HTTP with the JDK client. */
class BunnyStreamDoubleTest {

    private static final String LIBRARY = "321";
    private static final String KEY = "double-key";

    @TempDir
    static Path storage;
    static BunnyStreamDouble bunny;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        bunny = BunnyStreamDouble.start(storage, LIBRARY, KEY);
        bunny.encodingStep(Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        bunny.close();
    }

    @Test
    void apiRefusesAWrongAccessKeyAndAnswersBunnyShapes() throws Exception {
        HttpResponse<String> refused = send(api("POST", "/videos", "{\"title\":\"x\"}").header("AccessKey", "nope"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("success").asBoolean()).isFalse();

        HttpResponse<String> noTitle = send(api("POST", "/videos", "{}").header("AccessKey", KEY));
        assertThat(noTitle.statusCode()).isEqualTo(400);

        JsonNode video = json(send(api("POST", "/videos", "{\"title\":\"Lecture\"}").header("AccessKey", KEY)));
        assertThat(video.get("status").asInt()).isZero();
        assertThat(video.get("videoLibraryId").asLong()).isEqualTo(321);
        String guid = video.get("guid").asString();

        assertThat(send(api("GET", "/videos/" + guid, null).header("AccessKey", KEY)).statusCode()).isEqualTo(200);
        assertThat(send(api("DELETE", "/videos/" + guid, null).header("AccessKey", KEY)).statusCode()).isEqualTo(200);
        assertThat(send(api("GET", "/videos/" + guid, null).header("AccessKey", KEY)).statusCode()).isEqualTo(404);
    }

    @Test
    void tusChecksTheSignatureAndAcceptsMethodOverrideThenMovesTheVideoAlong() throws Exception {
        String guid = json(send(api("POST", "/videos", "{\"title\":\"Tus\"}").header("AccessKey", KEY)))
                .get("guid").asString();
        long expires = Instant.now().getEpochSecond() + 600;
        String signature = TusSignature.of(LIBRARY, KEY, expires, guid);

        assertThat(send(create(guid, expires, "0".repeat(64))).statusCode()).as("wrong signature").isEqualTo(401);
        long past = Instant.now().getEpochSecond() - 1;
        assertThat(send(create(guid, past, TusSignature.of(LIBRARY, KEY, past, guid))).statusCode())
                .as("expired").isEqualTo(401);

        HttpResponse<String> created = send(create(guid, expires, signature));
        assertThat(created.statusCode()).isEqualTo(201);
        URI upload = bunny.tusUrl().resolve(created.headers().firstValue("Location").orElseThrow());

        byte[] body = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> patched = send(signed(HttpRequest.newBuilder(upload), guid, expires, signature)
                .header("X-HTTP-Method-Override", "PATCH")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(patched.headers().firstValue("Upload-Offset")).contains("12");
        assertThat(bunny.bytesReceived()).isGreaterThanOrEqualTo(12);

        await().atMost(Duration.ofSeconds(5)).until(() -> bunny.video(guid).orElseThrow().status() == DoubleVideo.FINISHED);
        assertThat(bunny.sha1(guid)).isEqualTo(sha1(body));
    }

    @Test
    void fetchReallyPullsTheUrlWithTheGivenHeaders() throws Exception {
        byte[] content = "fetched recording bytes".getBytes(StandardCharsets.UTF_8);
        HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/files/talk.mp4", exchange -> {
            boolean authorized = "Bearer t0ken".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(authorized ? 200 : 401, authorized ? content.length : -1);
            if (authorized) {
                exchange.getResponseBody().write(content);
            }
            exchange.close();
        });
        origin.start();
        try {
            String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/files/talk.mp4";
            assertThat(send(api("POST", "/videos/fetch", "{\"url\":\"ftp://x/y\"}").header("AccessKey", KEY))
                    .statusCode()).isEqualTo(400);

            HttpResponse<String> accepted = send(api("POST", "/videos/fetch",
                    "{\"url\":\"" + url + "\",\"headers\":{\"Authorization\":\"Bearer t0ken\"}}")
                    .header("AccessKey", KEY));
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(json(accepted).get("success").asBoolean()).isTrue();
            String guid = json(accepted).get("guid").asString();
            await().atMost(Duration.ofSeconds(5)).until(() -> bunny.video(guid).orElseThrow().status() == DoubleVideo.FINISHED);
            assertThat(bunny.video(guid).orElseThrow().title()).isEqualTo("talk.mp4");
            assertThat(bunny.sha1(guid)).isEqualTo(sha1(content));

            String refused = json(send(api("POST", "/videos/fetch", "{\"url\":\"" + url + "\"}")
                    .header("AccessKey", KEY))).get("guid").asString();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> bunny.video(refused).orElseThrow().status() == DoubleVideo.UPLOAD_FAILED);
        } finally {
            origin.stop(0);
        }
    }

    private HttpRequest.Builder api(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(bunny.apiUrl() + "/library/" + LIBRARY + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder create(String guid, long expires, String signature) {
        String metadata = "filetype " + b64("video/mp4") + ",title " + b64("Tus");
        return signed(HttpRequest.newBuilder(bunny.tusUrl()), guid, expires, signature)
                .header("Upload-Length", "12")
                .header("Upload-Metadata", metadata)
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpRequest.Builder signed(HttpRequest.Builder request, String guid, long expires, String signature) {
        return request.header("Tus-Resumable", "1.0.0")
                .header("AuthorizationSignature", signature)
                .header("AuthorizationExpire", Long.toString(expires))
                .header("VideoId", guid)
                .header("LibraryId", LIBRARY);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventCodec.mapper().readTree(response.body());
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha1(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}
