package academy.pipeline.gateway.zoom;

import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Zoom's webhook signature as Zoom documents it ("Verify webhook events"): {@code x-zm-signature = "v0=" +
 * hex(HMAC-SHA256(secret token, "v0:" + x-zm-request-timestamp + ":" + raw body))}, and the URL-validation answer
 * {@code encryptedToken = hex(HMAC-SHA256(secret token, plainToken))}. Zoom publishes the algorithm but no test
 * vector with concrete values, so the expected values below were computed independently of this code with
 * {@code printf '%s' "$message" | openssl dgst -sha256 -hmac "$secret"}.
 */
class ZoomSignatureVerifierUnitTest {

    private static final String SECRET = "zoom-secret-token";
    private static final String TIMESTAMP = "1700000000";
    private static final String BODY = "{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":"
            + "\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1700000000123}";
    private static final String SIGNATURE = "v0=a1983a1ea777565bee8c5ee22e3f2e9368704106e00b22094bd2f305fa0d1d4e";

    private final ZoomSignatureVerifier verifier = verifierAt(Instant.ofEpochSecond(1_700_000_060));

    private static ZoomSignatureVerifier verifierAt(Instant now) {
        return new ZoomSignatureVerifier(SECRET, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void acceptsTheSignatureComputedAsZoomDocumentsIt() {
        assertThatCode(() -> verifier.verify(TIMESTAMP, SIGNATURE, bytes(BODY))).doesNotThrowAnyException();
    }

    @Test
    void answersTheUrlValidationChallengeAsZoomDocumentsIt() {
        assertThat(verifier.encrypt("qgg8vlvZRS6UYooatFL8Aw"))
                .isEqualTo("d9e0d764a78494688ba3f2d5c0ed4ca311394b4834d959759213424d2df961e3");
    }

    @Test
    void refusesABodyChangedByOneByte() {
        ApiException refused = refused(() -> verifier.verify(TIMESTAMP, SIGNATURE, bytes(BODY.replace("123}", "124}"))));

        assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.body().error()).isEqualTo("bad_signature");
    }

    @Test
    void refusesTheSignatureOfAnotherTimestamp() {
        ApiException refused = refused(() -> verifier.verify("1700000001", SIGNATURE, bytes(BODY)));

        assertThat(refused.body().error()).isEqualTo("bad_signature");
    }

    @Test
    void refusesAGenuineRequestReplayedAfterTheTolerance() {
        ZoomSignatureVerifier later = verifierAt(Instant.ofEpochSecond(1_700_000_000 + 301));

        ApiException refused = refused(() -> later.verify(TIMESTAMP, SIGNATURE, bytes(BODY)));

        assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.body().error()).isEqualTo("stale_timestamp");
    }

    @Test
    void refusesARequestWithoutTheHeaders() {
        assertThat(refused(() -> verifier.verify(null, SIGNATURE, bytes(BODY))).body().error())
                .isEqualTo("missing_signature");
        assertThat(refused(() -> verifier.verify(TIMESTAMP, null, bytes(BODY))).body().error())
                .isEqualTo("missing_signature");
    }

    @Test
    void answers503WhileNoSecretIsConfigured() {
        ZoomSignatureVerifier unconfigured = new ZoomSignatureVerifier(null, Duration.ofMinutes(5), Clock.systemUTC());

        assertThat(refused(() -> unconfigured.verify(TIMESTAMP, SIGNATURE, bytes(BODY))).status())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    private static ApiException refused(Runnable call) {
        ApiException refused = catchThrowableOfType(ApiException.class, call::run);
        assertThat(refused).as("refused").isNotNull();
        return refused;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concurrentRequestsEachGetTheirOwnVerdictFromTheSharedKeyedMac() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> verdicts = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                boolean genuine = i % 2 == 0;
                String signature = ZoomWebhookSender.signature(genuine ? SECRET : "forged", TIMESTAMP, body);
                verdicts.add(threads.submit(() -> {
                    try {
                        verifier.verify(TIMESTAMP, signature, body);
                        return genuine;
                    } catch (ApiException e) {
                        return !genuine;
                    }
                }));
            }
            for (Future<Boolean> verdict : verdicts) {
                assertThat(verdict.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
