package academy.pipeline.notify;

import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.Failure;
import academy.pipeline.core.runtime.FailureClassifier;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How the website's answers map onto retry or dead letter, over real HTTP against the testkit website: 401/403
 * (our signature refused: clock skew or a rotated secret on our side) and 408/429/5xx are retried on the stage's
 * retry delays; every other 4xx dead-letters the recording at once. The classification is the stage runtime's
 * own ({@link FailureClassifier}), applied to what the notifier throws.
 */
class WebsiteNotifierFailureTest {

    private static final String SECRET = "notify-secret";

    private static WebsiteReceiver website;
    private static WebsiteNotifier notifier;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(SECRET);
        NotifySettings settings = new NotifySettings(website.url(), SECRET, Duration.ofSeconds(10));
        HttpSettings http = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
        notifier = new NotifyStageConfiguration().websiteNotifier(http, settings,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        website.close();
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {401, 403, 408, 429, 500, 503})
    void retriesWhenTheWebsiteMayAcceptLater(int status) {
        Failure failure = failureWhenWebsiteAnswers(status);

        assertThat(failure.fatal()).isFalse();
        assertThat(failure.reason()).contains("HTTP " + status);
    }

    @ParameterizedTest(name = "HTTP {0} names the misconfiguration")
    @ValueSource(ints = {401, 403})
    void refusedSignatureSaysWhatToCheck(int status) {
        Failure failure = failureWhenWebsiteAnswers(status);

        assertThat(failure.reason()).contains("WEBSITE_NOTIFY_SECRET").contains("clock");
    }

    @ParameterizedTest(name = "HTTP {0} is dead-lettered")
    @ValueSource(ints = {400, 404, 409, 410, 413, 422})
    void deadLettersOtherClientErrorsAtOnce(int status) {
        Failure failure = failureWhenWebsiteAnswers(status);

        assertThat(failure.fatal()).isTrue();
        assertThat(failure.reason()).contains("HTTP " + status);
    }

    private static Failure failureWhenWebsiteAnswers(int status) {
        website.failNext(1, status);
        Throwable thrown = catchThrowable(() -> notifier.send(notification()));
        assertThat(thrown).as("website answered %d", status).isNotNull();
        List<WebsiteReceiver.Received> received = website.received();
        WebsiteReceiver.Received last = received.get(received.size() - 1);
        assertThat(last.answeredStatus()).isEqualTo(status);
        assertThat(last.signatureValid()).isTrue();
        return FailureClassifier.classify(thrown);
    }

    private static Notification notification() {
        return new Notification(1, "recording.ready", "custom-1", "custom", "Lecture", Map.of(),
                new Notification.FileFacts("lecture.mp4", 3, "a9993e364706816aba3e25717850c26c9cd0d89d", "video/mp4"),
                null, null, Instant.parse("2026-12-02T10:00:00Z"));
    }
}
