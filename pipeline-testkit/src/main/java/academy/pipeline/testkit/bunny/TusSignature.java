package academy.pipeline.testkit.bunny;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bunny's tus pre-signature: lowercase hex SHA-256 of libraryId + apiKey + expiration + videoId. */
final class TusSignature {

    private TusSignature() {
    }

    static String of(String libraryId, String apiKey, long expiresEpochSeconds, String videoId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((libraryId + apiKey + expiresEpochSeconds + videoId)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static boolean matches(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
