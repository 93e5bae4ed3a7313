package academy.pipeline.core.runtime;

import java.io.InterruptedIOException;

/** The step's own time limit passed in the middle of a transfer; retryable like any I/O timeout. */
class StepTimeoutException extends InterruptedIOException {

    StepTimeoutException(String message) {
        super(message);
    }
}
