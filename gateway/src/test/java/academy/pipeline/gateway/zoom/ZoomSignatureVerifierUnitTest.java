package academy.pipeline.gateway.zoom;

import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.testkit.zoom.ZoomWebhookSender;
import org.junit.jupiter.api.Test;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Zoom's signature check with the keyed MAC shared between requests: right, wrong, tampered, and concurrent. */
class ZoomSignatureVerifierUnitTest {

    private static final String SECRET = "zoom-secret";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());

    private final ZoomSignatureVerifier verifier =
            new ZoomSignatureVerifier(SECRET, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void zoomsSignatureOfTheRawBodyIsAccepted() {
        byte[] body = "{\"event\":\"recording.completed\"}".getBytes(StandardCharsets.UTF_8);

        verifier.verify(TIMESTAMP, ZoomWebhookSender.signature(SECRET, TIMESTAMP, body), body);
    }

    @Test
    void anotherSecretOrAChangedBodyOrTimestampIsRefused() {
        byte[] body = "{\"event\":\"recording.completed\"}".getBytes(StandardCharsets.UTF_8);
        String signature = ZoomWebhookSender.signature(SECRET, TIMESTAMP, body);

        assertRefused(() -> verifier.verify(TIMESTAMP, ZoomWebhookSender.signature("other", TIMESTAMP, body), body));
        assertRefused(() -> verifier.verify(TIMESTAMP, signature, "{\"event\":\"other\"}".getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> verifier.verify(Long.toString(NOW.getEpochSecond() - 1), signature, body));
    }

    @Test
    void concurrentRequestsEachGetTheirOwnVerdict() throws Exception {
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

    private static void assertRefused(Runnable verification) {
        assertThatThrownBy(verification::run).isInstanceOf(ApiException.class).hasMessageContaining("x-zm-signature");
    }
}
