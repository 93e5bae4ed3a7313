package academy.pipeline.notify;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.runtime.FailureClassifier;
import academy.pipeline.core.runtime.RetryableStepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Tells the website a recording is ready: a signed JSON POST with {@code Idempotency-Key: <recordingId>}, so
 * a repeated notification (retry, crash before commit) is recognisable. Without a configured URL the
 * notification is only logged.
 *
 * <p>Failure mapping (the stage runtime's classifier does the rest): 408, 429, 5xx, timeouts and refused
 * connections are retried; 401 and 403 are retried too, because our own website refusing our signature means
 * our side is misconfigured (clock skew, rotated {@code WEBSITE_NOTIFY_SECRET}) and the recording is fine once
 * that is fixed; any other 4xx dead-letters the recording at once.
 */
public class WebsiteNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebsiteNotifier.class);

    private final WebClient http;
    private final NotifySettings settings;
    private final Clock clock;

    public WebsiteNotifier(WebClient http, NotifySettings settings, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Returns once the website answered 2xx; throws {@link RetryableStepException} for 401/403 and the
     * WebClient's exception otherwise, a redirect included (it is not followed; the runtime classifies a 3xx as
     * fatal).
     */
    public void send(Notification notification) {
        String body = EventCodec.encode(notification);
        URI url = settings.websiteUrl();
        if (url == null) {
            log.info("no website URL configured (pipeline.notify.website-url); notification: {}", body);
            return;
        }
        WebClient.RequestBodySpec request = http.post().uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", notification.recordingId());
        if (settings.secret() != null && !settings.secret().isBlank()) {
            request = request.header(NotificationSignature.HEADER,
                    NotificationSignature.sign(settings.secret(), clock.instant().getEpochSecond(), body));
        }
        try {
            request.bodyValue(body).retrieve()
                    .onStatus(status -> !status.is2xxSuccessful(), ClientResponse::createException)
                    .toBodilessEntity().block(settings.timeout().plus(Duration.ofSeconds(1)));
        } catch (WebClientResponseException.Unauthorized | WebClientResponseException.Forbidden refused) {
            throw new RetryableStepException(FailureClassifier.describe(refused) + ": the website refused our"
                    + " signature; check WEBSITE_NOTIFY_SECRET on both sides and this host's clock (NTP)", refused);
        }
    }
}
