package academy.pipeline.core.runtime;

/** Which HTTP statuses are worth retrying. */
public final class HttpStatuses {

    private HttpStatuses() {
    }

    /** 408, 429 and every 5xx. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
