package academy.pipeline.core.runtime;

/** A failure that may pass (outage, timeout, rate limit): goes to the stage's retry topics. */
public class RetryableStepException extends RuntimeException {

    public RetryableStepException(String message) {
        super(message);
    }

    public RetryableStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
