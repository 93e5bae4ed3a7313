package academy.pipeline.stream.bunny;

import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.Failure;
import academy.pipeline.core.runtime.FailureClassifier;
import academy.pipeline.testkit.RedirectingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Bunny Stream API client as the stream stage wires it, against an API that answers 302 to another host:
 * the request (and its AccessKey) is not sent on to the redirect target, and the 302 is a fatal failure.
 */
class BunnyRedirectTest {

    private RedirectingServer bunny;

    @BeforeEach
    void start() {
        bunny = RedirectingServer.start();
    }

    @AfterEach
    void stop() {
        bunny.close();
    }

    @Test
    void aRedirectIsNotFollowedAndIsAFatalFailure() {
        BunnySettings settings = new BunnySettings("lib-1", "access-key",
                bunny.url(), URI.create("http://127.0.0.1:1/tusupload"),
                null, DataSize.ofMegabytes(2), DataSize.ofMegabytes(32), Duration.ofHours(1), "play/{libraryId}/{videoId}",
                "embed/{libraryId}/{videoId}", false, Duration.ofMinutes(1), Duration.ofSeconds(1),
                BunnySettings.Mode.UPLOAD, Duration.ofHours(1), null);
        BunnyApi api = BunnyApi.create(settings,
                new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));

        Throwable created = catchThrowable(() -> api.create("Redirected", null));
        Throwable found = catchThrowable(() -> api.find("video-1"));

        for (Throwable thrown : java.util.List.of(created, found)) {
            assertThat(thrown).isNotNull();
            Failure failure = FailureClassifier.classify(thrown);
            assertThat(failure.reason()).contains("HTTP 302");
            assertThat(failure.fatal()).isTrue();
        }
        assertThat(bunny.elsewhereHits()).isZero();
    }
}
