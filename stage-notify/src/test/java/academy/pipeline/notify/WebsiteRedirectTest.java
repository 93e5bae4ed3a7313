package academy.pipeline.notify;

import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.Failure;
import academy.pipeline.core.runtime.FailureClassifier;
import academy.pipeline.testkit.RedirectingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The website client as the notify stage wires it, against a website that answers 302 to another host: the
 * signed notification is not sent on to the redirect target, and the 302 is a failure, not a delivery.
 */
class WebsiteRedirectTest {

    private RedirectingServer website;

    @BeforeEach
    void start() {
        website = RedirectingServer.start();
    }

    @AfterEach
    void stop() {
        website.close();
    }

    @Test
    void aRedirectIsNotFollowedAndIsAFatalFailure() {
        NotifySettings settings = new NotifySettings(
                website.url().resolve("/notify"), "secret", Duration.ofSeconds(5));
        WebsiteNotifier notifier = new NotifyStageConfiguration().websiteNotifier(
                new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)), settings,
                Clock.systemUTC());
        Notification notification = new Notification(1, "recording.ready", "custom-redirect", "custom", "Redirected",
                Map.of(), new Notification.FileFacts("a.mp4", 1, "00", "video/mp4"), null, null, Instant.now());

        Throwable thrown = catchThrowable(() -> notifier.send(notification));

        assertThat(thrown).isNotNull();
        Failure failure = FailureClassifier.classify(thrown);
        assertThat(failure.reason()).contains("HTTP 302");
        assertThat(failure.fatal()).isTrue();
        assertThat(website.elsewhereHits()).isZero();
    }
}
