package academy.pipeline.gateway.tus;

import academy.pipeline.gateway.intake.Attributes;
import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.gateway.web.RecordingNotPublishedException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.desair.tus.server.upload.UploadInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /tusupload}: tus 1.0.0 (creation, creation-with-upload, creation-defer-length, termination, expiration,
 * checksum, concatenation) on tus-java-server, behind upload grants.
 *
 * <p>Around the library: OPTIONS discovery needs no grant; every other request needs {@code Tus-Resumable: 1.0.0}
 * (else 412) and a signed grant ({@link UploadGrants}, else 401). A creation needs an unexpired grant, sizes within
 * the grant's and the server's maximum (else 413) and, if it names one, the grant's {@code ace_id} (else 403). Later
 * requests see only uploads created under a grant for the same {@code ace_id} (others: 404). When a request leaves
 * the upload finished, {@link UploadCompletion} publishes it before the answer goes out; if Kafka does not
 * acknowledge, the answer is 503 and the client's retry (PATCH or HEAD) publishes it.
 */
public class TusUploadServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(TusUploadServlet.class);
    private static final String TUS_VERSION = "1.0.0";
    private static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    private final transient TusUploadStore store;
    private final transient UploadGrants grants;
    private final transient UploadCompletion completion;
    private final transient TusCors cors;
    private final long maxSize;
    private final transient Clock clock;

    public TusUploadServlet(TusUploadStore store, UploadGrants grants, UploadCompletion completion,
                            TusSettings settings, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.completion = completion;
        this.cors = new TusCors(settings.allowedOrigins());
        this.maxSize = settings.maxSize().toBytes();
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = effectiveMethod(request);
        boolean head = "HEAD".equals(method);
        cors.apply(request, response);
        try {
            if ("OPTIONS".equals(method)) {
                discover(request, response);
                return;
            }
            if (!TUS_VERSION.equals(request.getHeader("Tus-Resumable"))) {
                response.setHeader("Tus-Version", TUS_VERSION);
                throw new ApiException(HttpStatus.PRECONDITION_FAILED, "unsupported_tus_version",
                        "this server speaks tus " + TUS_VERSION + "; send Tus-Resumable: " + TUS_VERSION);
            }
            UploadGrant grant = grant(request);
            if ("POST".equals(method)) {
                create(request, response, grant);
            } else {
                handleUpload(request, response, method, grant);
            }
        } catch (ApiException e) {
            log.info("tus {} {} refused with {}: {}", method, request.getRequestURI(), e.status().value(), e.getMessage());
            TusResponse.writeError(response, e.status().value(), e.body().error(), e.getMessage(), head);
        } catch (RecordingNotPublishedException e) {
            log.error("finished upload {} could not be published; the client's retry will try again", request.getRequestURI(), e);
            response.reset();
            cors.apply(request, response);
            TusResponse.writeError(response, 503, "kafka_unavailable",
                    "the upload is complete but could not be handed over durably; retry", head);
        } catch (LimitedBody.TooLargeException e) {
            TusResponse.writeError(response, 413, "upload_too_large", e.getMessage(), head);
        } catch (IOException e) {
            log.info("tus {} {} ended early: {}", method, request.getRequestURI(), e.toString());
            if (!response.isCommitted()) {
                TusResponse.writeError(response, 500, "tus_server_error", "the upload request failed; resume from HEAD", head);
            }
        }
    }

    private void discover(HttpServletRequest request, HttpServletResponse response) throws IOException {
        store.service().process(new TusRequest(request, -1), TusResponse.of(response, false));
        String extensions = response.getHeader("Tus-Extension");
        if (extensions != null) {
            response.setHeader("Tus-Extension", advertised(extensions));
        }
    }

    /**
     * What the library lists, less what this server does not do (trailer checksums: Transfer-Encoding is hidden
     * from it; concatenation of unfinished parts: only a final created after its parts is published), plus the
     * creation-with-upload this servlet adds.
     */
    static String advertised(String libraryExtensions) {
        String kept = Arrays.stream(libraryExtensions.split(","))
                .map(String::strip)
                .filter(e -> !e.isEmpty() && !e.equals("checksum-trailer") && !e.equals("concatenation-unfinished"))
                .collect(Collectors.joining(","));
        return kept.replace("creation,", "creation,creation-with-upload,");
    }

    private void create(HttpServletRequest request, HttpServletResponse response, UploadGrant grant) throws IOException {
        if (grant.expiresAt().isBefore(clock.instant())) {
            throw unauthorized("the upload grant has expired");
        }
        Map<String, String> metadata = metadata(request.getHeader("Upload-Metadata"));
        Attributes.validate(metadata);
        String aceId = metadata.get("ace_id");
        if (aceId != null && !aceId.equals(grant.aceId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "grant_mismatch",
                    "Upload-Metadata ace_id does not match the upload grant");
        }
        long limit = Math.min(maxSize, grant.maxSize());
        Long length = longHeader(request, "Upload-Length");
        if (length != null && length > limit) {
            throw tooLarge(length, limit);
        }
        boolean withUpload = request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (!withUpload) {
            store.service().process(new TusRequest(request, -1), TusResponse.of(response, false), grant.aceId());
            answerLocked(response);
            completeIfFinished(response, response.getHeader("Location"), grant.aceId());
            return;
        }
        if (!OFFSET_OCTET_STREAM.equals(request.getContentType())) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "a creation-with-upload body needs Content-Type: " + OFFSET_OCTET_STREAM);
        }
        store.service().process(TusRequest.creationWithoutBody(request), TusResponse.of(response, false), grant.aceId());
        String location = response.getHeader("Location");
        if (response.getStatus() != HttpServletResponse.SC_CREATED || location == null) {
            return;
        }
        TusResponse patch = TusResponse.capturing(response);
        store.service().process(TusRequest.patchOf(request, location, length != null ? length : limit), patch, grant.aceId());
        if (store.locks().takeRefused() || patch.getStatus() >= 400) {
            TusResponse.writeError(response, patch.getStatus(), TusResponse.errorCode(patch.getStatus()),
                    patch.errorReason() != null ? patch.errorReason() : "the upload is locked", false);
            return;
        }
        completeIfFinished(response, location, grant.aceId());
    }

    private void handleUpload(HttpServletRequest request, HttpServletResponse response, String method, UploadGrant grant)
            throws IOException {
        String uri = request.getRequestURI();
        UploadInfo info = store.find(uri, grant.aceId())
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "upload_not_found",
                        "no upload at " + uri + " for this grant"));
        long bodyLimit = -1;
        if ("PATCH".equals(method)) {
            if (!OFFSET_OCTET_STREAM.equals(request.getContentType())) {
                throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "PATCH needs Content-Type: " + OFFSET_OCTET_STREAM);
            }
            long limit = Math.min(maxSize, grant.maxSize());
            Long declared = info.hasLength() ? info.getLength() : longHeader(request, "Upload-Length");
            if (declared != null && declared > limit) {
                throw tooLarge(declared, limit);
            }
            long end = declared != null ? declared : limit;
            long contentLength = request.getContentLengthLong();
            if (declared == null && contentLength > 0 && info.getOffset() + contentLength > limit) {
                throw tooLarge(info.getOffset() + contentLength, limit);
            }
            bodyLimit = Math.max(0, end - info.getOffset());
        } else if ("DELETE".equals(method) && store.isPublished(info.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "upload_handed_over",
                    "this upload is finished and already handed to the pipeline");
        }
        store.service().process(new TusRequest(request, bodyLimit), TusResponse.of(response, "HEAD".equals(method)), grant.aceId());
        answerLocked(response);
        if (!"DELETE".equals(method)) {
            completeIfFinished(response, uri, grant.aceId());
        }
    }

    private void completeIfFinished(HttpServletResponse response, String uploadUri, String aceId) throws IOException {
        if (uploadUri != null && response.getStatus() < 300 && !response.isCommitted()) {
            completion.completeIfFinished(uploadUri, aceId);
        }
    }

    private void answerLocked(HttpServletResponse response) {
        if (store.locks().takeRefused()) {
            throw new ApiException(HttpStatus.LOCKED, "upload_locked",
                    "another request is writing this upload; retry shortly");
        }
    }

    private UploadGrant grant(HttpServletRequest request) {
        if (!grants.configured()) {
            throw unauthorized("uploads are closed: no upload grant secret is configured");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("an upload grant is required: Authorization: Bearer <grant>");
        }
        Optional<UploadGrant> grant = grants.verify(header.substring(7).strip());
        return grant.orElseThrow(() -> unauthorized("the upload grant is not valid"));
    }

    private static Map<String, String> metadata(String header) {
        UploadInfo parser = new UploadInfo();
        parser.setEncodedMetadata(header);
        try {
            Map<String, String> metadata = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            parser.getMetadata().forEach((key, value) -> metadata.put(key, value == null ? "" : value));
            return metadata;
        } catch (RuntimeException e) {
            throw ApiException.badRequest("bad_metadata", "Upload-Metadata is not key base64value pairs");
        }
    }

    private static Long longHeader(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_header", name + " must be a non-negative integer");
        }
    }

    private static String effectiveMethod(HttpServletRequest request) {
        String override = request.getHeader("X-HTTP-Method-Override");
        String method = override != null && !override.isBlank() ? override : request.getMethod();
        return method.strip().toUpperCase(java.util.Locale.ROOT);
    }

    private static ApiException unauthorized(String reason) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_upload_grant", reason);
    }

    private static ApiException tooLarge(long size, long limit) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload_too_large",
                "upload of " + size + " bytes exceeds the maximum of " + limit + " bytes");
    }
}
