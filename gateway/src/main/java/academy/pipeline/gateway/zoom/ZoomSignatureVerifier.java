package academy.pipeline.gateway.zoom;

import academy.pipeline.core.security.Hmac;
import academy.pipeline.gateway.web.ApiException;
import org.springframework.http.HttpStatus;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Verifies Zoom's webhook signature: {@code x-zm-signature = "v0=" + hex(HMAC-SHA256(secret,
 * "v0:" + x-zm-request-timestamp + ":" + raw body))}, compared in constant time, with the timestamp (epoch
 * seconds) no further from now than the tolerance, so a captured request cannot be replayed later.
 */
class ZoomSignatureVerifier {

    private final String secret;
    private final Duration tolerance;
    private final Clock clock;
    /** Initialised with the secret once; cloned per request (a Mac is not thread-safe). Null without a secret. */
    private final Mac keyedMac;

    ZoomSignatureVerifier(String secret, Duration tolerance, Clock clock) {
        this.secret = secret;
        this.tolerance = tolerance;
        this.clock = clock;
        this.keyedMac = secret == null || secret.isBlank() ? null : Hmac.mac(secret);
    }

    /** @throws ApiException 503 when no secret is configured, 401 when the request is not Zoom's or is stale */
    void verify(String timestamp, String signature, byte[] rawBody) {
        checkHeaders(timestamp, signature);
        if (!Hmac.matches(expectedSignature(timestamp, rawBody), signature.trim())) {
            throw unauthorized("bad_signature", "x-zm-signature does not match the body");
        }
    }

    /**
     * What can be checked before the body is read: a secret is configured, both headers are present and the
     * timestamp is fresh.
     *
     * @throws ApiException 503 when no secret is configured, 401 when a header is missing or stale
     */
    void checkHeaders(String timestamp, String signature) {
        if (secret == null || secret.isBlank()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "zoom_not_configured",
                    "no Zoom webhook secret token is configured (ZOOM_WEBHOOK_SECRET_TOKEN)");
        }
        if (timestamp == null || signature == null) {
            throw unauthorized("missing_signature", "x-zm-signature and x-zm-request-timestamp are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("bad_timestamp", "x-zm-request-timestamp is not epoch seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            throw unauthorized("stale_timestamp", "x-zm-request-timestamp is " + skew + " s from now; at most "
                    + tolerance.toSeconds() + " s is accepted");
        }
    }

    /** {@code hex(HMAC-SHA256(secret, plainToken))}, the answer to {@code endpoint.url_validation}. */
    String encrypt(String plainToken) {
        return Hmac.sha256Hex(secret, plainToken);
    }

    /** Signs prefix and body in place (no concatenated copy) with a clone of the keyed MAC (no key setup). */
    private String expectedSignature(String timestamp, byte[] rawBody) {
        Mac mac = keyedMac();
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        mac.update(rawBody);
        return "v0=" + HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac keyedMac() {
        try {
            return (Mac) keyedMac.clone();
        } catch (CloneNotSupportedException e) {
            return Hmac.mac(secret);
        }
    }

    private static ApiException unauthorized(String error, String reason) {
        return new ApiException(HttpStatus.UNAUTHORIZED, error, reason);
    }
}
