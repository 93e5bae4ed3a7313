package academy.pipeline.gateway.tus;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/** CORS for the website's origins: what a browser running tus-js-client needs to send and to read. */
class TusCors {

    static final String ALLOWED_METHODS = "POST, GET, HEAD, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Origin, X-Requested-With, X-Request-ID, "
            + "X-HTTP-Method-Override, Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, "
            + "Upload-Defer-Length, Upload-Concat, Upload-Checksum";
    static final String EXPOSED_HEADERS = "Location, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, "
            + "Tus-Checksum-Algorithm, Upload-Offset, Upload-Length, Upload-Metadata, Upload-Defer-Length, "
            + "Upload-Expires, Upload-Concat";

    private final List<String> allowedOrigins;

    TusCors(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Adds the CORS headers when the request comes from an allowed origin; others get none (the browser blocks). */
    void apply(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null || !(allowedOrigins.contains("*") || allowedOrigins.contains(origin))) {
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.addHeader("Vary", "Origin");
        response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if ("OPTIONS".equalsIgnoreCase(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", "86400");
        }
    }
}
