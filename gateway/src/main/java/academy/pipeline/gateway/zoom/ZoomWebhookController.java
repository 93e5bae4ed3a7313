package academy.pipeline.gateway.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /zoom-upload}: Zoom's webhooks. {@link WebhookBodyGate} has already bounded the request (415, 413,
 * 401 on headers, 503, 408) and read its raw body; here it is verified on those bytes (401) before anything is
 * parsed; {@code endpoint.url_validation} is answered, {@code recording.completed}
 * becomes pipeline recordings, other events are acknowledged and ignored. A 200 means the recordings are in Kafka;
 * it is sent when Kafka acknowledges them (servlet async), so no request thread waits for the broker.
 */
@RestController
class ZoomWebhookController {

    private static final Logger log = LoggerFactory.getLogger(ZoomWebhookController.class);

    /** The answer to {@code endpoint.url_validation}. */
    public record UrlValidation(String plainToken, String encryptedToken) {
    }

    /**
     * One selected recording file: its recordingId and whether it was already known. No status link: the status
     * API is on the operator port, which Zoom cannot reach.
     */
    public record AcceptedFile(String recordingId, boolean duplicate) {
    }

    /** The answer to {@code recording.completed} and to ignored events. */
    public record Acknowledged(String event, List<AcceptedFile> recordings) {
    }

    private final ZoomSignatureVerifier verifier;
    private final ZoomRecordingIntake recordings;

    ZoomWebhookController(ZoomSignatureVerifier verifier, ZoomRecordingIntake recordings) {
        this.verifier = verifier;
        this.recordings = recordings;
    }

    @PostMapping("/zoom-upload")
    public CompletableFuture<ResponseEntity<?>> webhook(HttpServletRequest request) {
        byte[] body = (byte[]) request.getAttribute(WebhookBodyGate.BODY);
        if (body == null) {
            throw new IllegalStateException("POST /zoom-upload reached the controller without passing WebhookBodyGate");
        }
        verifier.verify(request.getHeader("x-zm-request-timestamp"), request.getHeader("x-zm-signature"), body);
        ZoomWebhook webhook = parse(body);
        String event = webhook.event() == null ? "" : webhook.event();
        switch (event) {
            case "endpoint.url_validation" -> {
                String plainToken = webhook.payload() == null ? null : webhook.payload().plainToken();
                if (plainToken == null || plainToken.isBlank()) {
                    throw ApiException.badRequest("missing_plain_token", "endpoint.url_validation without payload.plainToken");
                }
                return CompletableFuture.completedFuture(
                        ResponseEntity.ok(new UrlValidation(plainToken, verifier.encrypt(plainToken))));
            }
            case "recording.completed" -> {
                if (webhook.payload() == null || webhook.payload().object() == null
                        || webhook.payload().object().uuid() == null) {
                    throw ApiException.badRequest("malformed_webhook", "recording.completed without payload.object.uuid");
                }
                return recordings.accept(webhook.payload().object(), webhook.downloadToken())
                        .thenApply(outcomes -> ResponseEntity.ok(new Acknowledged(event, outcomes.stream()
                                .map(o -> new AcceptedFile(o.recordingId(), o.duplicate()))
                                .toList())));
            }
            default -> {
                log.debug("ignoring Zoom event {}", event);
                return CompletableFuture.completedFuture(ResponseEntity.ok(new Acknowledged(event, List.of())));
            }
        }
    }

    private static ZoomWebhook parse(byte[] body) {
        try {
            ZoomWebhook webhook = EventCodec.mapper().readValue(body, ZoomWebhook.class);
            if (webhook == null) {
                throw ApiException.badRequest("malformed_webhook", "empty webhook body");
            }
            return webhook;
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_webhook", "the webhook body is not the JSON Zoom sends");
        }
    }
}
