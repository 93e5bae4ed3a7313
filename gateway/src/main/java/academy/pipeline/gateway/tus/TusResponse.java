package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.web.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

/**
 * The response as tus-java-server writes it. Its {@code sendError} becomes an {@link ApiError} JSON body (no error
 * page dispatch), like every other refusal of the gateway. In capturing mode (the PATCH half of a
 * creation-with-upload) the status and error stay here, and only headers reach the real response.
 */
class TusResponse extends HttpServletResponseWrapper {

    private final boolean head;
    private final boolean capture;
    private int status = SC_OK;
    private boolean answered;
    private String errorReason;

    private TusResponse(HttpServletResponse response, boolean head, boolean capture) {
        super(response);
        this.head = head;
        this.capture = capture;
    }

    static TusResponse of(HttpServletResponse response, boolean head) {
        return new TusResponse(response, head, false);
    }

    static TusResponse capturing(HttpServletResponse response) {
        return new TusResponse(response, false, true);
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
        answered = true;
        if (!capture) {
            super.setStatus(sc);
        }
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String reason) throws IOException {
        status = sc;
        answered = true;
        errorReason = reason == null ? "tus request refused" : reason;
        if (!capture) {
            writeError((HttpServletResponse) getResponse(), sc, errorCode(sc), errorReason, head);
        }
    }

    /** Whether the library gave an answer (a status or an error); it gives none when it could not lock. */
    boolean answered() {
        return answered;
    }

    String errorReason() {
        return errorReason;
    }

    /** Writes {@code {error, reason}} with the status (no body for HEAD, which must not have one). */
    static void writeError(HttpServletResponse response, int status, String error, String reason, boolean head)
            throws IOException {
        response.setStatus(status);
        response.setHeader("Tus-Resumable", "1.0.0");
        response.setHeader("Cache-Control", "no-store");
        if (head) {
            response.setContentLengthLong(0);
            return;
        }
        byte[] body = EventCodec.mapper().writeValueAsBytes(new ApiError(error, reason));
        response.setContentType("application/json");
        response.setContentLengthLong(body.length);
        response.getOutputStream().write(body);
    }

    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_tus_request";
            case 401 -> "invalid_upload_grant";
            case 403 -> "forbidden";
            case 404 -> "upload_not_found";
            case 405 -> "method_not_allowed";
            case 406, 415 -> "unsupported_media_type";
            case 409 -> "upload_offset_mismatch";
            case 410 -> "upload_gone";
            case 412 -> "unsupported_tus_version";
            case 413 -> "upload_too_large";
            case 423 -> "upload_locked";
            case 460 -> "checksum_mismatch";
            default -> status >= 500 ? "tus_server_error" : "tus_request_refused";
        };
    }
}
