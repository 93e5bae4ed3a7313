package academy.pipeline.notify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code X-Pipeline-Signature} header as README.md tells the website to verify it. The expected value was
 * computed independently of this code: {@code printf '%s' "$t.$body" | openssl dgst -sha256 -hmac "$secret"}.
 */
class NotificationSignatureTest {

    @Test
    void signsTheTimestampAndTheUtf8BodyAsDocumented() {
        String body = "{\"recordingId\":\"custom-1\",\"title\":\"Zellbiologie – Übung\"}";

        assertThat(NotificationSignature.sign("website-secret", 1_700_000_000L, body))
                .isEqualTo("t=1700000000,v1=075360d9111385819bb68310582f2c765289e1afddfae7295fa7361f80711d13");
    }

    @Test
    void aChangedBodyGetsAnotherSignature() {
        assertThat(NotificationSignature.sign("website-secret", 1_700_000_000L, "{\"size\":3}"))
                .isNotEqualTo(NotificationSignature.sign("website-secret", 1_700_000_000L, "{\"size\":4}"));
    }
}
