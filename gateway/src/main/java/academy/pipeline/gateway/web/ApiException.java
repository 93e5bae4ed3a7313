package academy.pipeline.gateway.web;

import org.springframework.http.HttpStatus;

/** A request the gateway refuses, with the status and the JSON reason to answer. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    public ApiException(HttpStatus status, String error, String reason) {
        super(reason);
        this.status = status;
        this.error = error;
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, getMessage());
    }

    public static ApiException badRequest(String error, String reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, error, reason);
    }
}
