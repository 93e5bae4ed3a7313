package academy.pipeline.archive.b2;

import com.backblaze.b2.client.B2RetryPolicy;
import com.backblaze.b2.client.exceptions.B2Exception;

/**
 * How often the SDK retries one B2 call inside a step: at most {@code maxAttempts} tries, backing off 1, 2, 4 s or
 * as {@code Retry-After} says, but never waiting longer than {@code maxWaitSeconds}; past either limit the error
 * goes up and the step fails into the stage's retry topics, which wait far longer between tries. One immediate
 * retry is always allowed, because B2 answers an expired token or a busy upload URL with 401 and expects the
 * client to re-authorize or fetch a new URL. One instance per call (it counts the backoff).
 */
final class CallRetryPolicy implements B2RetryPolicy {

    private final int maxAttempts;
    private final int maxWaitSeconds;
    private int nextBackoffSeconds = 1;

    CallRetryPolicy(int maxAttempts, int maxWaitSeconds) {
        this.maxAttempts = maxAttempts;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    @Override
    public Integer gotRetryableAfterDelay(String operation, int attemptsSoFar, long tookMillis, B2Exception e) {
        if (attemptsSoFar >= maxAttempts) {
            return null;
        }
        Integer fromServer = e.getRetryAfterSecondsOrNull();
        int wait = fromServer != null ? fromServer : nextBackoffSeconds;
        nextBackoffSeconds = fromServer != null ? 1 : nextBackoffSeconds * 2;
        return wait <= maxWaitSeconds ? wait : null;
    }

    @Override
    public boolean gotRetryableImmediately(String operation, int attemptsSoFar, long tookMillis, B2Exception e) {
        return attemptsSoFar < Math.max(2, maxAttempts);
    }
}
