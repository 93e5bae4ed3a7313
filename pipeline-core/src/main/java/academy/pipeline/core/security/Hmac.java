package academy.pipeline.core.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** HMAC-SHA256 signatures (website notifications, Zoom webhooks, upload grants) and their constant-time check. */
public final class Hmac {

    private Hmac() {
    }

    public static byte[] sha256(String secret, byte[] message) {
        return mac(secret).doFinal(message);
    }

    /** A fresh HMAC-SHA256 keyed with the UTF-8 secret; not thread-safe, but cloneable to sign without re-keying. */
    public static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Lowercase hex HMAC-SHA256 of the UTF-8 message. */
    public static String sha256Hex(String secret, String message) {
        return HexFormat.of().formatHex(sha256(secret, message.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two signatures in time independent of where they differ. Null never matches. */
    public static boolean matches(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
