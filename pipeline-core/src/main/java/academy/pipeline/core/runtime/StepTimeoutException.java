package academy.pipeline.core.runtime;

import java.io.InterruptedIOException;

/** The step's own time limit passed in the middle of a transfer; retryable like any I/O timeout. */
public class StepTimeoutException extends InterruptedIOException {

    public StepTimeoutException(String message) {
        super(message);
    }
}
