package academy.pipeline.notify;

import academy.pipeline.core.security.Hmac;

/**
 * The {@code X-Pipeline-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 * The website recomputes the HMAC over the raw body and rejects stale timestamps.
 */
final class NotificationSignature {

    public static final String HEADER = "X-Pipeline-Signature";

    private NotificationSignature() {
    }

    public static String sign(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + Hmac.sha256Hex(secret, unixSeconds + "." + body);
    }
}
