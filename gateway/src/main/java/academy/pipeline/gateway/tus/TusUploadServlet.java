package academy.pipeline.gateway.tus;

import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.gateway.web.RecordingNotPublishedException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /tusupload}: tus 1.0.0 (creation, creation-with-upload, creation-defer-length, termination, expiration,
 * checksum, concatenation) on tus-java-server, behind upload grants.
 *
 * <p>Around the library: OPTIONS discovery needs no grant; every other request needs {@code Tus-Resumable: 1.0.0}
 * (else 412) and a signed grant ({@link UploadGrants}, else 401). A creation needs an unexpired grant, allowed
 * metadata ({@link UploadMetadata}), sizes within the grant's and the server's maximum and the grant's quota
 * ({@link UploadQuota}) and, if it names one, the grant's {@code ace_id} (else 403). Later requests see only uploads
 * created under a grant for the same {@code ace_id} (others: 404).
 *
 * <p>Locks ({@link UploadLocks}): a PATCH or DELETE takes the upload's lock before anything else looks at the
 * upload, waiting up to {@code pipeline.tus.lock-wait} for a request still on it (an aborted PATCH finishing), else
 * 423, which clients retry. A HEAD takes no lock: it answers the offset of the last finished request. Nothing about
 * a lock outlives its request. The protocol checks of a PATCH are made here, under the lock, before the library
 * writes. When a request leaves the upload finished, {@link UploadCompletion} publishes it before the answer goes
 * out; if Kafka does not acknowledge, the answer is 503 and the client's retry (PATCH or HEAD) publishes it.
 */
class TusUploadServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(TusUploadServlet.class);
    private static final String TUS_VERSION = "1.0.0";
    private static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private final transient TusUploadStore store;
    private final transient UploadGrants grants;
    private final transient UploadCompletion completion;
    private final transient TusCors cors;
    private final transient UploadMetadata metadataRules;
    private final transient UploadQuota quota;
    private final long maxSize;
    private final transient Duration lockWait;
    private final transient Clock clock;

    public TusUploadServlet(TusUploadStore store, UploadGrants grants, UploadCompletion completion,
                            TusSettings settings, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.completion = completion;
        this.cors = new TusCors(settings.allowedOrigins());
        this.metadataRules = new UploadMetadata(settings.metadataKeys());
        this.quota = new UploadQuota(store, settings.maxUploadsPerGrant(), settings.maxBytesPerGrant().toBytes());
        this.maxSize = settings.maxSize().toBytes();
        this.lockWait = settings.lockWait();
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
            switch (method) {
                case "POST" -> create(request, response, grant);
                case "HEAD" -> head(request, response, grant);
                case "PATCH" -> patch(request, response, grant);
                case "DELETE" -> delete(request, response, grant);
                default -> throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        method + " is not a tus request");
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
     * from it; concatenation of unfinished parts: a final upload naming one is refused), plus the
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
        String uri = request.getRequestURI();
        if (!TusSettings.PATH.equals(uri) && !(TusSettings.PATH + "/").equals(uri)) {
            throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "uploads are created by POST to " + TusSettings.PATH);
        }
        Map<String, String> metadata = metadataRules.parse(request.getHeader("Upload-Metadata"));
        String aceId = metadata.get("ace_id");
        if (aceId != null && !aceId.equals(grant.aceId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "grant_mismatch",
                    "Upload-Metadata ace_id does not match the upload grant");
        }
        long limit = Math.min(maxSize, grant.maxSize());
        Long length = longHeader(request, "Upload-Length");
        String concat = request.getHeader("Upload-Concat");
        boolean finalUpload = concat != null && concat.strip().startsWith("final");
        if (length != null && length == 0 && !finalUpload) {
            throw emptyUpload();
        }
        if (length != null && length > limit) {
            throw tooLarge(length, limit);
        }
        boolean withUpload = request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        String location;
        try (UploadLocks.Hold ignored = store.locks().ace(grant.aceId(), lockWait)) {
            if (finalUpload) {
                quota.checkFinal(concat, grant.aceId(), limit);
                quota.checkCreation(grant.aceId(), 0);
            } else {
                quota.checkCreation(grant.aceId(), length != null ? length : 0);
            }
            if (!withUpload) {
                process(new TusRequest(request, -1), TusResponse.of(response, false), grant.aceId());
            } else {
                if (!OFFSET_OCTET_STREAM.equals(request.getContentType())) {
                    throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                            "a creation-with-upload body needs Content-Type: " + OFFSET_OCTET_STREAM);
                }
                process(TusRequest.creationWithoutBody(request), TusResponse.of(response, false), grant.aceId());
            }
            location = response.getStatus() == HttpServletResponse.SC_CREATED ? response.getHeader("Location") : null;
        } catch (UploadLocks.BusyException e) {
            throw locked();
        }
        UploadId id = store.idOf(location);
        if (id == null) {
            return;
        }
        try (UploadLocks.Hold ignored = store.locks().upload(id, lockWait)) {
            if (withUpload) {
                TusResponse patch = TusResponse.capturing(response);
                long bodyLimit = length != null ? length : Math.min(limit, quota.bytesLeft(grant.aceId(), id));
                process(TusRequest.patchOf(request, location, bodyLimit), patch, grant.aceId());
                if (patch.getStatus() >= 400) {
                    TusResponse.writeError(response, patch.getStatus(), TusResponse.errorCode(patch.getStatus()),
                            patch.errorReason() != null ? patch.errorReason() : "the upload request was refused", false);
                    return;
                }
            }
            completion.completeIfFinished(id, grant.aceId());
        } catch (UploadLocks.BusyException e) {
            throw locked();
        }
    }

    /** The upload's state as the last finished request left it; no lock, so a write in progress does not hide it. */
    private void head(HttpServletRequest request, HttpServletResponse response, UploadGrant grant) throws IOException {
        Optional<HandedOverUploads.HandedOver> handedOver = handedOver(request, grant);
        if (handedOver.isPresent()) {
            answerFinished(response, HttpServletResponse.SC_OK, handedOver.get().length());
            response.setHeader("Upload-Length", Long.toString(handedOver.get().length()));
            return;
        }
        UploadInfo info = existing(request, grant);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Tus-Resumable", TUS_VERSION);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Upload-Offset", Long.toString(info.getOffset()));
        if (info.hasLength()) {
            response.setHeader("Upload-Length", Long.toString(info.getLength()));
        } else {
            response.setHeader("Upload-Defer-Length", "1");
        }
        if (info.hasMetadata()) {
            response.setHeader("Upload-Metadata", info.getEncodedMetadata());
        }
        if (info.getUploadConcatHeaderValue() != null) {
            response.setHeader("Upload-Concat", info.getUploadConcatHeaderValue());
        }
        if (info.getExpirationTimestamp() != null) {
            response.setHeader("Upload-Expires", HTTP_DATE.format(Instant.ofEpochMilli(info.getExpirationTimestamp())));
        }
        response.setContentLengthLong(0);
        if (!info.isUploadInProgress()) {
            completion.completeIfFinished(info.getId(), grant.aceId());
        }
    }

    private void patch(HttpServletRequest request, HttpServletResponse response, UploadGrant grant) throws IOException {
        Optional<HandedOverUploads.HandedOver> handedOver = handedOver(request, grant);
        Long claimed = longHeader(request, "Upload-Offset");
        if (handedOver.isPresent() && claimed != null && claimed == handedOver.get().length()
                && request.getContentLengthLong() <= 0 && request.getInputStream().read() < 0) {
            answerFinished(response, HttpServletResponse.SC_NO_CONTENT, handedOver.get().length());
            return;
        }
        UploadId id = existing(request, grant).getId();
        if (!OFFSET_OCTET_STREAM.equals(request.getContentType())) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "PATCH needs Content-Type: " + OFFSET_OCTET_STREAM);
        }
        Long offset = longHeader(request, "Upload-Offset");
        if (offset == null) {
            throw ApiException.badRequest("missing_upload_offset", "PATCH needs an Upload-Offset header");
        }
        try (UploadLocks.Hold ignored = store.locks().upload(id, lockWait)) {
            UploadInfo info = existing(request, grant);
            if (info.getUploadType() == UploadType.CONCATENATED) {
                throw new ApiException(HttpStatus.FORBIDDEN, "final_upload",
                        "a final (concatenated) upload cannot be patched; patch its partial uploads");
            }
            if (offset != info.getOffset().longValue()) {
                response.setHeader("Upload-Offset", Long.toString(info.getOffset()));
                throw new ApiException(HttpStatus.CONFLICT, "upload_offset_mismatch",
                        "Upload-Offset " + offset + " is not the upload's offset " + info.getOffset());
            }
            long bodyLimit = bodyLimit(request, info, grant);
            process(new TusRequest(request, bodyLimit), TusResponse.of(response, false), grant.aceId());
            if (response.getStatus() < 300 && !response.isCommitted()) {
                completion.completeIfFinished(id, grant.aceId());
            }
        } catch (UploadLocks.BusyException e) {
            throw locked();
        }
    }

    /** How many bytes this PATCH may carry; refuses a length change and bodies past the length or the limits. */
    private long bodyLimit(HttpServletRequest request, UploadInfo info, UploadGrant grant) throws IOException {
        long limit = Math.min(maxSize, grant.maxSize());
        Long newLength = longHeader(request, "Upload-Length");
        Long declared;
        if (info.hasLength()) {
            if (newLength != null && newLength.longValue() != info.getLength()) {
                throw ApiException.badRequest("upload_length_fixed",
                        "Upload-Length is already " + info.getLength() + " and cannot change");
            }
            declared = info.getLength();
        } else if (newLength != null) {
            if (newLength == 0) {
                throw emptyUpload();
            }
            if (newLength < info.getOffset()) {
                throw ApiException.badRequest("bad_upload_length",
                        "Upload-Length " + newLength + " is below the bytes already received (" + info.getOffset() + ")");
            }
            quota.checkDeclaredLength(grant.aceId(), info.getId(), newLength);
            declared = newLength;
        } else {
            declared = null;
        }
        if (declared != null && declared > limit) {
            throw tooLarge(declared, limit);
        }
        long end = declared != null ? declared
                : Math.min(limit, info.getOffset() + quota.bytesLeft(grant.aceId(), info.getId()));
        long contentLength = request.getContentLengthLong();
        if (contentLength > 0 && info.getOffset() + contentLength > end) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload_too_large", "a body of " + contentLength
                    + " bytes at offset " + info.getOffset() + " goes past the upload's end at " + end + " bytes");
        }
        return Math.max(0, end - info.getOffset());
    }

    private void delete(HttpServletRequest request, HttpServletResponse response, UploadGrant grant) throws IOException {
        UploadId id = existing(request, grant).getId();
        try (UploadLocks.Hold ignored = store.locks().upload(id, lockWait)) {
            UploadInfo info = existing(request, grant);
            if (store.isPublished(info.getId())) {
                throw new ApiException(HttpStatus.CONFLICT, "upload_handed_over",
                        "this upload is finished and already handed to the pipeline");
            }
            process(new TusRequest(request, -1), TusResponse.of(response, false), grant.aceId());
        } catch (UploadLocks.BusyException e) {
            throw locked();
        }
    }

    /** The upload the request names, if it exists and belongs to the grant's ace_id; else 404. */
    /** A request after the last byte of an upload already handed over: nothing to do but say it is complete. */
    private Optional<HandedOverUploads.HandedOver> handedOver(HttpServletRequest request, UploadGrant grant) {
        return completion.handedOver(store.idOf(request.getRequestURI()), grant.aceId());
    }

    private static void answerFinished(HttpServletResponse response, int status, long length) {
        response.setStatus(status);
        response.setHeader("Tus-Resumable", TUS_VERSION);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Upload-Offset", Long.toString(length));
        response.setContentLengthLong(0);
    }

    private UploadInfo existing(HttpServletRequest request, UploadGrant grant) throws IOException {
        String uri = request.getRequestURI();
        UploadId id = store.idOf(uri);
        Optional<UploadInfo> info = id == null ? Optional.empty() : store.read(id, grant.aceId());
        return info.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "upload_not_found",
                "no upload at " + uri + " for this grant"));
    }

    /** Lets the library handle the request; a request it silently dropped (it could not lock) becomes 423. */
    private void process(TusRequest request, TusResponse response, String aceId) throws IOException {
        store.service().process(request, response, aceId);
        if (!response.answered()) {
            throw locked();
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

    private static ApiException locked() {
        return new ApiException(HttpStatus.LOCKED, "upload_locked", "another request is on this upload; retry shortly");
    }

    private static ApiException emptyUpload() {
        return ApiException.badRequest("empty_upload", "an empty recording cannot be processed: Upload-Length must be above 0");
    }

    private static ApiException tooLarge(long size, long limit) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload_too_large",
                "upload of " + size + " bytes exceeds the maximum of " + limit + " bytes");
    }
}
