package academy.pipeline.testkit.b2;

/**
 * An error the double answers with B2's error shape {@code {status, code, message}}.
 *
 * @param retryAfterSeconds value of the {@code Retry-After} header, or null for none
 */
final class B2ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    B2ApiException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    B2ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    static B2ApiException badRequest(String message) {
        return new B2ApiException(400, "bad_request", message);
    }

    static B2ApiException badAuthToken() {
        return new B2ApiException(401, "bad_auth_token", "Invalid authorization token");
    }

    static B2ApiException notFound(String message) {
        return new B2ApiException(404, "not_found", message);
    }

    /** The code B2 uses for a status, for injected faults. */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "cap_exceeded";
            case 404 -> "not_found";
            case 408 -> "request_timeout";
            case 429 -> "too_many_requests";
            case 500 -> "internal_error";
            case 503 -> "service_unavailable";
            default -> "unknown";
        };
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
