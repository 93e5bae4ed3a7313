package academy.pipeline.notify;

import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The website client as the notify stage wires it, against the testkit website over real HTTP: what the website
 * receives (signed JSON, idempotency key, UTF-8 text intact), unsigned without a secret, nothing without a URL.
 * How failures map onto retry or dead letter: {@link WebsiteNotifierFailureTest}, {@link WebsiteRedirectTest}.
 */
class WebsiteNotifierTest {

    private static final String SECRET = "notify-secret";
    private static final HttpSettings HTTP = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(5));

    private WebsiteReceiver website;

    @BeforeEach
    void start() throws Exception {
        website = WebsiteReceiver.start(SECRET);
    }

    @AfterEach
    void stop() {
        website.close();
    }

    @Test
    void postsTheSignedNotificationWithItsIdempotencyKey() {
        notifier(new NotifySettings(website.url(), SECRET, Duration.ofSeconds(5))).send(notification("Zellbiologie – Übung"));

        assertThat(website.accepted()).singleElement().satisfies(received -> {
            assertThat(received.idempotencyKey()).isEqualTo("custom-1");
            assertThat(received.signatureValid()).as("signature over the UTF-8 body").isTrue();
            assertThat(received.body()).contains("\"event\":\"recording.ready\"")
                    .contains("\"recordingId\":\"custom-1\"")
                    .contains("\"title\":\"Zellbiologie – Übung\"")
                    .contains("\"sha1\":\"a9993e364706816aba3e25717850c26c9cd0d89d\"");
        });
    }

    @Test
    void withoutASecretTheNotificationIsUnsigned() {
        notifier(new NotifySettings(website.url(), null, Duration.ofSeconds(5))).send(notification("Lecture"));

        assertThat(website.accepted()).singleElement().satisfies(received ->
                assertThat(received.signature()).isNull());
    }

    @Test
    void withoutAUrlNothingIsSent() {
        notifier(new NotifySettings(null, SECRET, Duration.ofSeconds(5))).send(notification("Lecture"));

        assertThat(website.received()).isEmpty();
    }

    private static WebsiteNotifier notifier(NotifySettings settings) {
        return new NotifyStageConfiguration().websiteNotifier(HTTP, settings, Clock.systemUTC());
    }

    private static Notification notification(String title) {
        return new Notification(1, "recording.ready", "custom-1", "custom", title, Map.of(),
                new Notification.FileFacts("lecture.mp4", 3, "a9993e364706816aba3e25717850c26c9cd0d89d", "video/mp4"),
                null, null, Instant.parse("2026-12-02T10:00:00Z"));
    }
}
