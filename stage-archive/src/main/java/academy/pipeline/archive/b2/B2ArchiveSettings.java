package academy.pipeline.archive.b2;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code pipeline.archive.b2.*}: the B2 archive. Active when the key id, the key and the bucket name are set
 * (environment: {@code B2_APPLICATION_KEY_ID}, {@code B2_APPLICATION_KEY}, {@code B2_BUCKET_NAME}).
 *
 * @param applicationKeyId    B2 application key id
 * @param applicationKey      B2 application key (secret: never logged, never in events)
 * @param bucketName          bucket to archive into
 * @param masterUrl           B2 master URL; the vendor's by default, a double's in tests
 * @param largeFileThreshold  files of at least this size use the large-file API (parts uploaded concurrently)
 * @param uploadThreads       parts uploaded at once for one large file
 * @param connectTimeout      TCP connect timeout of every B2 call
 * @param socketTimeout       longest silence on a connection (read or write) before the call fails
 * @param attemptsPerCall     tries of one B2 call inside a step (the SDK's own retries: a fresh upload URL after a
 *                            401/503 on upload, backoff on 408/429/5xx); beyond this the step fails into the stage's
 *                            retry topics. 1 hands every failure straight to the retry topics
 * @param maxWaitPerCall      longest backoff or {@code Retry-After} honoured inside a step; a longer one fails the
 *                            step into the retry topics at once
 * @param breakerMinimumCalls archives the circuit breaker needs to see before it may open
 * @param breakerFailureRate  percentage of failed archives (retryable B2 failures) that opens the circuit
 * @param breakerOpenDuration how long an open circuit fails archives fast before letting a trial call through
 * @param verifyLargeFiles    hash a large file's spool copy while its parts upload and accept the result only if
 *                            it matches the recording's SHA-1 (B2 checks each part, but nothing checks the whole);
 *                            off trusts that the spool file still has the SHA-1 the download stage computed
 */
@ConfigurationProperties("pipeline.archive.b2")
public record B2ArchiveSettings(
        String applicationKeyId,
        String applicationKey,
        String bucketName,
        @DefaultValue("https://api.backblazeb2.com/") String masterUrl,
        @DefaultValue("200MB") DataSize largeFileThreshold,
        @DefaultValue("3") int uploadThreads,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration socketTimeout,
        @DefaultValue("3") int attemptsPerCall,
        @DefaultValue("10s") Duration maxWaitPerCall,
        @DefaultValue("5") int breakerMinimumCalls,
        @DefaultValue("50") float breakerFailureRate,
        @DefaultValue("1m") Duration breakerOpenDuration,
        @DefaultValue("true") boolean verifyLargeFiles) {

    public B2ArchiveSettings {
        if (uploadThreads < 1 || attemptsPerCall < 1 || breakerMinimumCalls < 1) {
            throw new IllegalArgumentException("pipeline.archive.b2: upload-threads, attempts-per-call and "
                    + "breaker-minimum-calls must be at least 1");
        }
    }

    /** Keeps the key out of logs and error messages. */
    @Override
    public String toString() {
        return "B2ArchiveSettings[applicationKeyId=" + applicationKeyId + ", bucketName=" + bucketName
                + ", masterUrl=" + masterUrl + ", largeFileThreshold=" + largeFileThreshold
                + ", uploadThreads=" + uploadThreads + "]";
    }
}
