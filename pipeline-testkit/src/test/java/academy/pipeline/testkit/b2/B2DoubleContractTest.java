package academy.pipeline.testkit.b2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The double's HTTP contract, checked with raw requests (what b2-sdk-java relies on, and what it must refuse). */
class B2DoubleContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private B2Double b2;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        b2 = B2Double.builder(dir).bucket("bucket").start();
    }

    @AfterEach
    void stop() {
        b2.close();
    }

    @Test
    void authorizeTakesBasicAuthAndAnswersTheV2Shape() throws Exception {
        JsonNode auth = authorize();
        for (String field : new String[]{"accountId", "authorizationToken", "apiUrl", "downloadUrl",
                "recommendedPartSize", "absoluteMinimumPartSize", "allowed"}) {
            assertThat(auth.has(field)).as(field).isTrue();
        }
        HttpResponse<String> wrong = post(b2.masterUrl() + "b2api/v2/b2_authorize_account",
                "Basic " + Base64.getEncoder().encodeToString("id:wrong".getBytes(StandardCharsets.UTF_8)), "{}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertError(wrong.body(), 401, "unauthorized");
    }

    @Test
    void uploadChecksSha1HexDigitsAtEndAndContentLength() throws Exception {
        JsonNode upload = uploadUrl();
        byte[] content = "recording bytes".getBytes(StandardCharsets.UTF_8);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        byte[] withSha1AtEnd = (new String(content, StandardCharsets.UTF_8) + sha1).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> ok = upload(upload, "a b/c.mp4", "hex_digits_at_end",
                HttpRequest.BodyPublishers.ofByteArray(withSha1AtEnd));
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode file = JSON.readTree(ok.body());
        assertThat(file.get("fileName").asString()).isEqualTo("a b/c.mp4");
        assertThat(file.get("contentSha1").asString()).isEqualTo(sha1);
        assertThat(file.get("contentLength").asLong()).isEqualTo(content.length);

        HttpResponse<String> mismatch = upload(uploadUrl(), "x.mp4", "0".repeat(40),
                HttpRequest.BodyPublishers.ofByteArray(content));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertError(mismatch.body(), 400, "bad_request");

        HttpResponse<String> chunked = upload(uploadUrl(), "y.mp4", sha1,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)));
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(chunked.body()).contains("Content-Length");
        assertThat(b2.allFiles()).hasSize(1);
    }

    @Test
    void injectedFailuresUseB2sErrorShapeAndRetryAfterThenPass() throws Exception {
        b2.faults().failAfter("b2_get_upload_url", 0, 2, 429, 7);
        String token = authorize().get("authorizationToken").asString();
        String body = "{\"bucketId\":\"" + bucketId(token) + "\"}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> limited = post(b2.masterUrl() + "b2api/v2/b2_get_upload_url", token, body);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("7");
            assertError(limited.body(), 429, "too_many_requests");
        }
        assertThat(post(b2.masterUrl() + "b2api/v2/b2_get_upload_url", token, body).statusCode()).isEqualTo(200);
        assertThat(b2.faults().calls("b2_get_upload_url")).isEqualTo(3);
    }

    @Test
    void bandwidthCapSlowsUploadsDown() throws Exception {
        b2.faults().bandwidth(0.5);
        byte[] content = new byte[250_000];
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        long started = System.nanoTime();
        assertThat(upload(uploadUrl(), "slow.bin", sha1, HttpRequest.BodyPublishers.ofByteArray(content))
                .statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void callsWithoutAValidTokenAreRefused() throws Exception {
        HttpResponse<String> refused = post(b2.masterUrl() + "b2api/v2/b2_list_buckets", "not-a-token",
                "{\"accountId\":\"x\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertError(refused.body(), 401, "bad_auth_token");
    }

    @Test
    void keyRestrictedToABucketNamesItAndMayListOrUseOnlyThatBucket() throws Exception {
        b2.close();
        b2 = B2Double.builder(dir).bucket("bucket").bucket("other").keyRestrictedTo("bucket")
                .keyCapabilities("listBuckets", "listFiles", "writeFiles").start();
        JsonNode auth = authorize();
        String token = auth.get("authorizationToken").asString();
        String bucketId = bucketId(token);
        assertThat(auth.get("allowed").get("bucketName").asString()).isEqualTo("bucket");
        assertThat(auth.get("allowed").get("bucketId").asString()).isEqualTo(bucketId);
        assertThat(auth.get("allowed").get("capabilities").toString()).doesNotContain("deleteFiles");

        String listBuckets = b2.masterUrl() + "b2api/v2/b2_list_buckets";
        assertThat(post(listBuckets, token, "{\"accountId\":\"x\",\"bucketId\":\"" + bucketId + "\"}")
                .statusCode()).isEqualTo(200);
        for (String body : new String[]{"{\"accountId\":\"x\"}", "{\"accountId\":\"x\",\"bucketName\":\"other\"}"}) {
            HttpResponse<String> refused = post(listBuckets, token, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(401);
            assertError(refused.body(), 401, "unauthorized");
        }
        String otherId = b2.createBucket("third");
        HttpResponse<String> otherBucket = post(b2.masterUrl() + "b2api/v2/b2_get_upload_url", token,
                "{\"bucketId\":\"" + otherId + "\"}");
        assertError(otherBucket.body(), 401, "unauthorized");
        HttpResponse<String> noCapability = post(b2.masterUrl() + "b2api/v2/b2_delete_file_version", token,
                "{\"fileName\":\"a.mp4\",\"fileId\":\"4_zx\"}");
        assertError(noCapability.body(), 401, "unauthorized");
        assertThat(noCapability.body()).contains("deleteFiles");
    }

    private JsonNode authorize() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (b2.keyId() + ":" + b2.applicationKey()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = post(b2.masterUrl() + "b2api/v2/b2_authorize_account", basic, "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String bucketId(String token) throws Exception {
        HttpResponse<String> buckets = post(b2.masterUrl() + "b2api/v2/b2_list_buckets", token,
                "{\"accountId\":\"x\",\"bucketName\":\"bucket\"}");
        return JSON.readTree(buckets.body()).get("buckets").get(0).get("bucketId").asString();
    }

    private JsonNode uploadUrl() throws Exception {
        String token = authorize().get("authorizationToken").asString();
        HttpResponse<String> response = post(b2.masterUrl() + "b2api/v2/b2_get_upload_url", token,
                "{\"bucketId\":\"" + bucketId(token) + "\"}");
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> upload(JsonNode upload, String name, String sha1Header,
                                        HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asString()))
                .header("Authorization", upload.get("authorizationToken").asString())
                .header("X-Bz-File-Name", java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%2F", "/"))
                .header("Content-Type", "video/mp4")
                .header("X-Bz-Content-Sha1", sha1Header)
                .timeout(Duration.ofSeconds(20))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String authorization, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/octet-stream").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(String body, int status, String code) {
        JsonNode error = JSON.readTree(body);
        assertThat(error.size()).isEqualTo(3);
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank();
    }
}
