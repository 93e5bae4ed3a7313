package academy.pipeline.core.runtime;

import academy.pipeline.core.event.MalformedEventException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether a failure is worth retrying. Retryable: I/O errors, timeouts, HTTP 408/429/5xx.
 * Fatal: validation errors, other HTTP 4xx, checksum mismatches ({@link FatalStepException}). A failure
 * nobody recognises is retried: the retry topics end in the DLT anyway, and transient surprises heal.
 */
public final class FailureClassifier {

    private static final int MAX_CAUSE_DEPTH = 16;

    private FailureClassifier() {
    }

    public static Failure classify(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof FatalStepException || t instanceof MalformedEventException
                    || t instanceof IllegalArgumentException) {
                return new Failure(true, describe(t));
            }
            if (t instanceof RetryableStepException) {
                return new Failure(false, describe(t));
            }
            if (t instanceof RestClientResponseException http) {
                return new Failure(!HttpStatuses.isRetryable(http.getStatusCode().value()), describe(http));
            }
            if (t instanceof ResourceAccessException || t instanceof IOException
                    || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return new Failure(false, describe(t));
            }
        }
        return new Failure(false, describe(failure));
    }

    /** One line: the exception's simple name and message, no stack trace. */
    public static String describe(Throwable t) {
        if (t instanceof RestClientResponseException http) {
            String body = firstLine(http.getResponseBodyAsString());
            return "HTTP " + http.getStatusCode().value() + (body.isBlank() ? "" : ": " + body);
        }
        String message = t.getMessage();
        String line = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        if ((message == null || message.isBlank()) && t.getCause() != null && t.getCause() != t) {
            line = line + " caused by " + describe(t.getCause());
        }
        // a client's I/O message names the URL, whose query may hold a signature or token
        line = line.replaceAll("[\\r\\n]+", " ").replaceAll("(https?://[^\\s?\"]+)\\?[^\\s\"]*", "$1?...");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
