package academy.pipeline.core.runtime;

import academy.pipeline.core.event.MalformedEventException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    private static RestClientResponseException http(int status) {
        return new RestClientResponseException("status", HttpStatusCode.valueOf(status), "status", new HttpHeaders(),
                new byte[0], null);
    }

    @Test
    void transientFailuresAreRetried() {
        assertThat(FailureClassifier.classify(new IOException("connection reset")).fatal()).isFalse();
        assertThat(FailureClassifier.classify(new SocketTimeoutException("read timed out")).fatal()).isFalse();
        assertThat(FailureClassifier.classify(new TimeoutException()).fatal()).isFalse();
        assertThat(FailureClassifier.classify(http(503)).fatal()).isFalse();
        assertThat(FailureClassifier.classify(http(429)).fatal()).isFalse();
        assertThat(FailureClassifier.classify(http(408)).fatal()).isFalse();
        assertThat(FailureClassifier.classify(new RuntimeException("surprise")).fatal()).isFalse();
    }

    @Test
    void failuresARetryCannotFixGoStraightToTheDeadLetterTopic() {
        assertThat(FailureClassifier.classify(http(401)).fatal()).isTrue();
        assertThat(FailureClassifier.classify(http(400)).fatal()).isTrue();
        assertThat(FailureClassifier.classify(new FatalStepException("checksum mismatch")).fatal()).isTrue();
        assertThat(FailureClassifier.classify(new MalformedEventException("bad")).fatal()).isTrue();
        assertThat(FailureClassifier.classify(new IllegalArgumentException("bad path")).fatal()).isTrue();
    }

    @Test
    void theCauseChainDecides() {
        Failure failure = FailureClassifier.classify(new ExecutionException(new FatalStepException("wrong key")));

        assertThat(failure.fatal()).isTrue();
        assertThat(failure.reason()).isEqualTo("FatalStepException: wrong key");
    }

    @Test
    void aReasonWithoutMessageNamesItsCause() {
        assertThat(FailureClassifier.describe(new RuntimeException(new SocketTimeoutException("read timed out"))))
                .isEqualTo("RuntimeException: java.net.SocketTimeoutException: read timed out");
        assertThat(FailureClassifier.describe(new IllegalStateException((String) null, new TimeoutException())))
                .isEqualTo("IllegalStateException caused by TimeoutException");
    }

    @Test
    void restClientFailuresAreClassifiedByStatusAndKeepTheVendorsMessage() {
        var forbidden = HttpClientErrorException.create(HttpStatusCode.valueOf(403), "Forbidden", new HttpHeaders(),
                "{\"code\":\"unauthorized\",\"message\":\"key has no writeFiles\"}".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        var unavailable = HttpServerErrorException.create(HttpStatusCode.valueOf(503), "Service Unavailable",
                new HttpHeaders(), new byte[0], null);

        assertThat(FailureClassifier.classify(forbidden).fatal()).isTrue();
        assertThat(FailureClassifier.classify(forbidden).reason()).startsWith("HTTP 403").contains("key has no writeFiles");
        assertThat(FailureClassifier.classify(unavailable).fatal()).isFalse();
        assertThat(FailureClassifier.classify(new ResourceAccessException("I/O error: Connection refused")).fatal())
                .isFalse();
    }

    @Test
    void aUrlsQueryNeverReachesTheReason() {
        var refused = new ResourceAccessException(
                "I/O error on GET request for \"https://zoom.example/rec/download/x?access_token=secret&sig=1\": refused");

        assertThat(FailureClassifier.describe(refused))
                .isEqualTo("ResourceAccessException: I/O error on GET request for \"https://zoom.example/rec/download/x?...\": refused");
    }
}
