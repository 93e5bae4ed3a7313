package academy.pipeline.notify;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.runtime.FailureClassifier;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.RetryableStepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Tells the website a recording is ready: a signed JSON POST with {@code Idempotency-Key: <recordingId>}, so
 * a repeated notification (retry, crash before commit) is recognisable. Without a configured URL the
 * notification is only logged.
 *
 * <p>Failure mapping (the stage runtime's classifier does the rest): 408, 429, 5xx, timeouts and refused
 * connections are retried; 401 and 403 are retried too, because our own website refusing our signature means
 * our side is misconfigured (clock skew, rotated {@code WEBSITE_NOTIFY_SECRET}) and the recording is fine once
 * that is fixed; a redirect (not followed: the signed notification goes to the configured URL or nowhere) and
 * any other 4xx dead-letter the recording at once.
 */
class WebsiteNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebsiteNotifier.class);

    /** Of an error answer, only the start is kept: enough for the reason line. */
    private static final int MAX_ERROR_BODY_BYTES = 4096;

    private final RestClient http;
    private final NotifySettings settings;
    private final Clock clock;

    /** @param http a client that does not follow redirects */
    WebsiteNotifier(RestClient http, NotifySettings settings, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Returns once the website answered 2xx; throws {@link RetryableStepException} for 401/403,
     * {@link FatalStepException} for a redirect, and {@link RestClientResponseException} (any other status) or
     * {@code ResourceAccessException} (I/O, timeouts) otherwise.
     */
    void send(Notification notification) {
        String body = EventCodec.encode(notification);
        URI url = settings.websiteUrl();
        if (url == null) {
            log.info("no website URL configured (pipeline.notify.website-url); notification: {}", body);
            return;
        }
        RestClient.RequestBodySpec request = http.post().uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", notification.recordingId());
        if (settings.secret() != null && !settings.secret().isBlank()) {
            request = request.header(NotificationSignature.HEADER,
                    NotificationSignature.sign(settings.secret(), clock.instant().getEpochSecond(), body));
        }
        request.body(body.getBytes(StandardCharsets.UTF_8))
                .retrieve()
                .onStatus(status -> !status.is2xxSuccessful(), WebsiteNotifier::refused)
                .toBodilessEntity();
    }

    private static void refused(HttpRequest request, ClientHttpResponse response) throws IOException {
        byte[] start;
        try (InputStream in = response.getBody()) {
            start = in.readNBytes(MAX_ERROR_BODY_BYTES);
        }
        RestClientResponseException answer = new RestClientResponseException("the website answered "
                + response.getStatusCode().value(), response.getStatusCode(), response.getStatusText(),
                response.getHeaders(), start, StandardCharsets.UTF_8);
        int status = response.getStatusCode().value();
        if (response.getStatusCode().is3xxRedirection()) {
            throw new FatalStepException(FailureClassifier.describe(answer) + ": the website redirects, and a"
                    + " notification is only sent to pipeline.notify.website-url; set it to the final URL", answer);
        }
        if (status == 401 || status == 403) {
            throw new RetryableStepException(FailureClassifier.describe(answer) + ": the website refused our"
                    + " signature; check WEBSITE_NOTIFY_SECRET on both sides and this host's clock (NTP)", answer);
        }
        throw answer;
    }
}
