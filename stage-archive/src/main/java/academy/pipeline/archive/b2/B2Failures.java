package academy.pipeline.archive.b2;

import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.RetryableStepException;
import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.exceptions.B2LocalException;
import com.backblaze.b2.client.exceptions.B2NetworkBaseException;
import com.backblaze.b2.client.exceptions.B2UnauthorizedException;

/**
 * Turns what b2-sdk-java throws (after its own per-call retries) into the stage runtime's verdict. Fatal, straight
 * to the DLT: 401 (key rejected, or restricted to another bucket, or lacking a capability), 400 (bad request), 403 (cap exceeded, key not allowed), other 4xx. Retryable, to
 * the retry topics: 408, 429, 5xx, network failures and local I/O trouble. Reasons carry B2's status, code and
 * message, never credentials.
 */
final class B2Failures {

    private B2Failures() {
    }

    static RuntimeException map(B2Exception e, String doing) {
        String what = "B2 " + doing + " failed: " + e.getStatus() + " " + e.getCode() + " (" + e.getMessage() + ")";
        if (e instanceof B2NetworkBaseException) {
            return new RetryableStepException("B2 " + doing + " failed: network error (" + e.getMessage() + ")", e);
        }
        if (e instanceof B2LocalException) {
            return new RetryableStepException("B2 " + doing + " failed locally: " + e.getCode() + " ("
                    + e.getMessage() + ")", e);
        }
        if (e instanceof B2UnauthorizedException || e.getStatus() == 401) {
            return new FatalStepException(what + "; B2 rejected the application key or does not allow it this call:"
                    + " check pipeline.archive.b2.application-key-id/application-key (B2_APPLICATION_KEY_ID/"
                    + "B2_APPLICATION_KEY), that a key restricted to a bucket is the one of pipeline.archive.b2."
                    + "bucket-name (B2_BUCKET_NAME), and that it has listBuckets,listFiles,writeFiles,deleteFiles", e);
        }
        int status = e.getStatus();
        if (status == 408 || status == 429 || status >= 500) {
            Integer retryAfter = e.getRetryAfterSecondsOrNull();
            return new RetryableStepException(what + (retryAfter == null ? "" : "; B2 asked to retry after "
                    + retryAfter + " s"), e);
        }
        if (status == 403) {
            return new FatalStepException(what + "; the account's cap is exceeded or the key may not do this", e);
        }
        return new FatalStepException(what, e);
    }
}
