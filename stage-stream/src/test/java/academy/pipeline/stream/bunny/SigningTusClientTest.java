package academy.pipeline.stream.bunny;

import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SigningTusClientTest {

    @Test
    void signatureIsLowercaseHexSha256OfLibraryKeyExpirationAndVideoConcatenated() {
        // expected value computed independently: printf '%s' "<concatenation>" | sha256sum
        assertThat(SigningTusClient.sign("12345", "my-library-key", 1_700_000_000L,
                "b3a9c2f0-1111-4222-8333-944455556666"))
                .isEqualTo("1607b4e66db1b94ba827323b21deb69e943e33b455fe65a2b8b0ff730925fd2f");
    }

    @Test
    void everyRequestStartsWithAtLeastHalfOfATwoSecondSignatureLeft() throws Exception {
        // Bunny's expiry is whole seconds: a request prepared at x.999 s must not carry an expiry of x+1
        SteppingClock clock = new SteppingClock(Instant.parse("2026-12-02T10:00:00.300Z"));
        Duration lifetime = Duration.ofSeconds(2);
        SigningTusClient client = new SigningTusClient("4711", "key", "video", lifetime, clock,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        long previousExpiry = 0;
        int signatures = 0;
        for (int step = 0; step < 10_000; step++) {
            clock.advance(Duration.ofMillis(1));
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:9/upload").toURL()
                    .openConnection();
            client.prepareConnection(connection);
            long expiresAt = Long.parseLong(connection.getRequestProperty("AuthorizationExpire"));

            assertThat(expiresAt * 1000 - clock.millis()).as("validity left at %s", clock.instant())
                    .isGreaterThanOrEqualTo(lifetime.toMillis() / 2)
                    .isLessThanOrEqualTo(lifetime.toMillis());
            assertThat(connection.getRequestProperty("AuthorizationSignature"))
                    .isEqualTo(SigningTusClient.sign("4711", "key", expiresAt, "video"));
            if (expiresAt != previousExpiry) {
                signatures++;
                previousExpiry = expiresAt;
            }
        }
        assertThat(signatures).as("re-signed about once a second over 10 s").isBetween(9, 12);
    }

    /** A clock the test moves forward. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
