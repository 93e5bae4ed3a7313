package academy.pipeline.stream.bunny;

import io.tus.java.client.TusClient;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A tus client for one Bunny video: every request carries Bunny's pre-signed headers and the read timeout.
 * The signature is renewed once less than half its lifetime is left (in milliseconds: Bunny's expiry is in whole
 * seconds), so every request, however long the upload or late the resume, starts with at least half a lifetime
 * of validity left and never presents an expired signature.
 */
final class SigningTusClient extends TusClient {

    private final String libraryId;
    private final String apiKey;
    private final String videoId;
    private final Duration lifetime;
    private final Clock clock;
    private final int readTimeoutMillis;
    private long expiresAt;
    private long renewAtMillis;
    private String signature;

    SigningTusClient(String libraryId, String apiKey, String videoId, Duration lifetime, Clock clock,
                     Duration connectTimeout, Duration readTimeout) {
        this.libraryId = libraryId;
        this.apiKey = apiKey;
        this.videoId = videoId;
        this.lifetime = lifetime;
        this.clock = clock;
        this.readTimeoutMillis = (int) readTimeout.toMillis();
        setConnectTimeout((int) connectTimeout.toMillis());
    }

    @Override
    public void prepareConnection(HttpURLConnection connection) {
        super.prepareConnection(connection);
        connection.setReadTimeout(readTimeoutMillis);
        renewIfHalfSpent();
        connection.setRequestProperty("AuthorizationSignature", signature);
        connection.setRequestProperty("AuthorizationExpire", Long.toString(expiresAt));
        connection.setRequestProperty("VideoId", videoId);
        connection.setRequestProperty("LibraryId", libraryId);
    }

    private void renewIfHalfSpent() {
        long now = clock.millis();
        if (signature == null || now >= renewAtMillis) {
            expiresAt = Math.floorDiv(now + lifetime.toMillis(), 1000);
            renewAtMillis = expiresAt * 1000 - lifetime.toMillis() / 2;
            signature = sign(libraryId, apiKey, expiresAt, videoId);
        }
    }

    /** Lowercase hex SHA-256 of libraryId + apiKey + expiration + videoId, as Bunny documents it. */
    static String sign(String libraryId, String apiKey, long expiresEpochSeconds, String videoId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((libraryId + apiKey + expiresEpochSeconds + videoId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
