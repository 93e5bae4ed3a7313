package academy.pipeline.testkit.b2;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code b2_get_download_authorization} tokens: each opens the files of one bucket whose names start with a prefix,
 * until it expires ({@code validDurationInSeconds}, 1 s to one week, as B2 documents).
 */
final class DownloadAuthorizations {

    private static final long MAX_SECONDS = 604_800;

    private record Grant(String bucketId, String prefix, Instant expiresAt) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final B2Tokens tokens;
    private final Clock clock;

    DownloadAuthorizations(B2Tokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The answer to {@code b2_get_download_authorization}. */
    Map<String, Object> authorize(String bucketId, String prefix, long validSeconds) {
        if (validSeconds < 1 || validSeconds > MAX_SECONDS) {
            throw B2ApiException.badRequest("validDurationInSeconds must be between 1 and " + MAX_SECONDS);
        }
        String token = "3_download_" + tokens.randomHex();
        grants.put(token, new Grant(bucketId, prefix, clock.instant().plusSeconds(validSeconds)));
        return Map.of("bucketId", bucketId, "fileNamePrefix", prefix, "authorizationToken", token);
    }

    /** Whether {@code token} opens {@code fileName} in the bucket now. */
    boolean allows(String token, String bucketId, String fileName) {
        Grant grant = token == null ? null : grants.get(token);
        return grant != null && grant.bucketId().equals(bucketId) && fileName.startsWith(grant.prefix())
                && clock.instant().isBefore(grant.expiresAt());
    }

    void expireAll() {
        grants.clear();
    }
}
