package academy.pipeline.testkit.bunny;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bunny's tus endpoint, {@code /tusupload[/{uploadId}]}, on tus-java-server. Every request except OPTIONS must
 * carry Bunny's pre-signed headers ({@code AuthorizationSignature}, {@code AuthorizationExpire}, {@code VideoId},
 * {@code LibraryId}); a wrong or expired signature gets 401. Creation requires the {@code filetype} and
 * {@code title} metadata. When an upload's last byte arrives, its video becomes Uploaded and moves on.
 */
final class BunnyTusServlet extends HttpServlet {

    static final String PATH = "/tusupload";

    private final BunnyLibrary library;
    private final Faults faults;
    private final TusFileUploadService tus;
    private final AtomicLong bytesReceived;
    private final Map<String, String> videoByUpload = new ConcurrentHashMap<>();
    private final AtomicLong chunkedPatches = new AtomicLong();

    BunnyTusServlet(BunnyLibrary library, Faults faults, TusFileUploadService tus, AtomicLong bytesReceived) {
        this.library = library;
        this.faults = faults;
        this.tus = tus;
        this.bytesReceived = bytesReceived;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Tus-Resumable", "1.0.0");
        int failure = faults.nextTusFailure();
        if (failure != 0) {
            response.setHeader("Connection", "close");
            response.sendError(failure);
            return;
        }
        String method = Optional.ofNullable(request.getHeader("X-HTTP-Method-Override")).orElse(request.getMethod());
        if (method.equalsIgnoreCase("OPTIONS")) {
            tus.process(new BunnyTusRequest(request, null), response);
            return;
        }
        Optional<DoubleVideo> video = authorizedVideo(request);
        if (video.isEmpty()) {
            response.sendError(401, "Unauthorized: invalid or expired AuthorizationSignature");
            return;
        }
        String uploadUri = request.getRequestURI();
        if (method.equalsIgnoreCase("POST") && uploadUri.equals(PATH)) {
            create(request, response, video.get());
            return;
        }
        String uploadId = uploadUri.substring(uploadUri.lastIndexOf('/') + 1);
        if (!video.get().guid().equals(videoByUpload.get(uploadId))) {
            response.sendError(404, "upload not found for this video");
            return;
        }
        if (method.equalsIgnoreCase("PATCH")) {
            patch(request, response, video.get(), uploadUri);
        } else {
            tus.process(new BunnyTusRequest(request, null), response);
        }
    }

    /** PATCH requests whose body came with {@code Transfer-Encoding: chunked} rather than a Content-Length. */
    long chunkedPatches() {
        return chunkedPatches.get();
    }

    /** The video the signed headers name, if the signature is right and not expired. */
    private Optional<DoubleVideo> authorizedVideo(HttpServletRequest request) {
        String libraryId = request.getHeader("LibraryId");
        String videoId = request.getHeader("VideoId");
        String expire = request.getHeader("AuthorizationExpire");
        String signature = request.getHeader("AuthorizationSignature");
        if (!library.id().equals(libraryId) || videoId == null || expire == null) {
            return Optional.empty();
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expire.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (expiresAt <= library.clock().instant().getEpochSecond()) {
            return Optional.empty();
        }
        String expected = TusSignature.of(libraryId, library.apiKey(), expiresAt, videoId);
        return TusSignature.matches(expected, signature) ? library.find(videoId) : Optional.empty();
    }

    private void create(HttpServletRequest request, HttpServletResponse response, DoubleVideo video)
            throws IOException {
        Map<String, String> metadata = metadata(request.getHeader("Upload-Metadata"));
        if (!metadata.containsKey("filetype") || !metadata.containsKey("title")) {
            response.sendError(400, "metadata filetype and title are required");
            return;
        }
        if (video.status() != DoubleVideo.CREATED) {
            response.sendError(400, "video " + video.guid() + " was already uploaded");
            return;
        }
        tus.process(new BunnyTusRequest(request, null), response);
        String location = response.getHeader("Location");
        if (response.getStatus() == 201 && location != null) {
            String uploadId = location.substring(location.lastIndexOf('/') + 1);
            videoByUpload.put(uploadId, video.guid());
            video.uploadId(uploadId);
        }
    }

    private void patch(HttpServletRequest request, HttpServletResponse response, DoubleVideo video, String uploadUri)
            throws IOException {
        if ("chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))) {
            chunkedPatches.incrementAndGet();
        }
        long requestOffset;
        try {
            requestOffset = Long.parseLong(String.valueOf(request.getHeader("Upload-Offset")).trim());
        } catch (NumberFormatException e) {
            requestOffset = -1;
        }
        UploadBodyStream body = new UploadBodyStream(request.getInputStream(), bytesReceived,
                requestOffset < 0 ? -1 : faults.cutAfterFor(requestOffset), faults.bytesPerSecond(), faults::cutDone);
        try {
            tus.process(new BunnyTusRequest(request, body), response);
        } catch (UploadBodyStream.ConnectionCut cut) {
            // the library keeps the bytes it stored before the stream failed
        }
        try {
            if (body.cut()) {
                request.setAttribute(CutConnectionValve.CUT, Boolean.TRUE);
                if (faults.takeLoseOnCut()) {
                    tus.deleteUpload(uploadUri);
                }
                return;
            }
            UploadInfo info = tus.getUploadInfo(uploadUri);
            if (info != null && !info.isUploadInProgress() && video.status() == DoubleVideo.CREATED) {
                library.uploaded(video, info.getLength());
            }
        } catch (TusException e) {
            throw new IOException("cannot read upload info of " + uploadUri, e);
        }
    }

    private static Map<String, String> metadata(String header) {
        Map<String, String> metadata = new HashMap<>();
        if (header == null) {
            return metadata;
        }
        for (String pair : header.split(",")) {
            String[] kv = pair.trim().split(" ", 2);
            if (kv[0].isEmpty()) {
                continue;
            }
            String value = "";
            if (kv.length == 2) {
                try {
                    value = new String(Base64.getDecoder().decode(kv[1].trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    continue;
                }
            }
            metadata.put(kv[0], value);
        }
        return metadata;
    }
}
