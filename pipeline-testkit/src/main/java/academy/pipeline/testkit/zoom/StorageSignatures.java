package academy.pipeline.testkit.zoom;

import academy.pipeline.core.security.Hmac;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The signed query of the storage URLs the download endpoints redirect to ({@code ?Policy=&Signature=&Key-Pair-Id=},
 * as Zoom's CDN uses): the policy names the file and an expiry, the signature is an HMAC of it.
 */
final class StorageSignatures {

    private static final long VALIDITY_SECONDS = 3600;

    private final String signingKey = UUID.randomUUID().toString();

    /** The query string (without {@code ?}) that lets its bearer fetch {@code fileId} for the next hour. */
    String sign(String fileId) {
        long expires = System.currentTimeMillis() / 1000 + VALIDITY_SECONDS;
        String policy = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((fileId + ":" + expires).getBytes(StandardCharsets.UTF_8));
        return "Policy=" + policy + "&Signature=" + Hmac.sha256Hex(signingKey, fileId + ":" + expires)
                + "&Key-Pair-Id=K2TEST";
    }

    /** Whether the decoded query is an unexpired signature for {@code fileId}. */
    boolean valid(String fileId, Map<String, String> query) {
        String policy = query.get("Policy");
        String[] signed = policy == null ? new String[0]
                : new String(Base64.getUrlDecoder().decode(policy), StandardCharsets.UTF_8).split(":");
        return signed.length == 2 && signed[0].equals(fileId)
                && Long.parseLong(signed[1]) >= System.currentTimeMillis() / 1000
                && Hmac.matches(Hmac.sha256Hex(signingKey, signed[0] + ":" + signed[1]), query.get("Signature"));
    }
}
