package academy.pipeline.testkit.b2;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials the double accepts and the tokens it hands out: one account token per authorization, one
 * token per upload URL (bound to the bucket or large file the URL is for).
 */
final class B2Tokens {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Boolean> accountTokens = new ConcurrentHashMap<>();
    private final Map<String, String> uploadTokens = new ConcurrentHashMap<>();

    String newAccountToken() {
        String token = "4_acct_" + randomHex();
        accountTokens.put(token, Boolean.TRUE);
        return token;
    }

    boolean isAccountToken(String authorization) {
        return authorization != null && accountTokens.containsKey(authorization);
    }

    void requireAccountToken(String authorization) {
        if (authorization == null || !accountTokens.containsKey(authorization)) {
            throw B2ApiException.badAuthToken();
        }
    }

    /** A token valid for uploads to {@code target} (a bucket id or a large file id). */
    String newUploadToken(String target) {
        String token = "4_upload_" + randomHex();
        uploadTokens.put(token, target);
        return token;
    }

    void requireUploadToken(String authorization, String target) {
        if (authorization == null || !target.equals(uploadTokens.get(authorization))) {
            throw B2ApiException.badAuthToken();
        }
    }

    /** Forgets every token, as if they all expired: clients must authorize again and fetch new upload URLs. */
    void expireAll() {
        accountTokens.clear();
        uploadTokens.clear();
    }

    String randomHex() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
