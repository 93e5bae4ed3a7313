package academy.pipeline.core.runtime;

/** A failure a retry cannot fix (bad input, rejected credentials, checksum mismatch): straight to the DLT. */
public class FatalStepException extends RuntimeException {

    public FatalStepException(String message) {
        super(message);
    }

    public FatalStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
