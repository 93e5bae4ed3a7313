package academy.pipeline.download.zoom;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.HttpStatuses;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.CopyResult;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.core.spool.StreamingCopy;
import academy.pipeline.core.spool.TransferListener;
import academy.pipeline.download.SourceFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a Zoom cloud recording into the spool. {@code GET download_url} with the webhook's bearer token
 * answers 302 to Zoom's storage host; every hop is checked against the {@link HostAllowlist} before it is
 * contacted, and the bearer token is only sent to the host it was issued for. A 200 is not trusted blindly: an
 * HTML page (Zoom's answer for deleted or unauthorised downloads) or a size other than the webhook's
 * {@code file_size} is fatal. A retry resumes the {@code .part} file of the previous attempt with a Range
 * request when the server honours it (206) and starts over otherwise. A rejected token (401/403) is replaced
 * through the recordings API when S2S OAuth credentials are configured, and is fatal otherwise.
 */
public class ZoomDownloader implements SourceFetcher {

    private static final Logger log = LoggerFactory.getLogger(ZoomDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final String DEFAULT_FILE_NAME = "zoom-recording.mp4";

    private final WebClient http;
    private final Spool spool;
    private final HostAllowlist allowlist;
    private final int maxRedirects;
    private final ZoomRecordingsApi zoomApi;

    /**
     * @param http   a client that does not follow redirects itself ({@code WebClients.create(..., false)})
     * @param zoomApi replaces rejected download tokens; null when no S2S OAuth credentials are configured
     */
    ZoomDownloader(WebClient http, Spool spool, HostAllowlist allowlist, int maxRedirects, ZoomRecordingsApi zoomApi) {
        this.http = http;
        this.spool = spool;
        this.allowlist = allowlist;
        this.maxRedirects = maxRedirects;
        this.zoomApi = zoomApi;
    }

    @Override
    public boolean supports(Source source) {
        return source == Source.ZOOM;
    }

    @Override
    public SpooledFile fetch(RecordingEvent event, StepContext context) throws IOException {
        Origin origin = event.origin();
        if (origin == null || origin.url() == null || origin.url().isBlank()) {
            throw new FatalStepException("Zoom recording has no download URL");
        }
        String fileName = origin.fileName() != null ? origin.fileName() : DEFAULT_FILE_NAME;
        String contentType = origin.contentType() != null ? origin.contentType() : "video/mp4";
        Path target = spool.file(event.recordingId(), fileName);
        Long expected = origin.expectedSize();
        if (Files.isRegularFile(target) && (expected == null || Files.size(target) == expected)) {
            log.info("already downloaded by an earlier attempt; verifying {}", target.getFileName());
            CopyResult done = StreamingCopy.sha1(target, context.transfer(Files.size(target)));
            return new SpooledFile(spool.relative(target), done.size(), done.sha1(), contentType, fileName);
        }
        Path part = spool.partFile(target);
        Completed completed;
        try {
            if (!hasToken(origin) && zoomApi != null) {
                // a replay (the token is never kept after the download) or a webhook without one
                throw new TokenRejected("the event carries no download token");
            }
            completed = download(URI.create(origin.url()), origin.token(), part, expected, context);
        } catch (TokenRejected rejected) {
            completed = downloadWithFreshToken(event, origin, rejected, part, expected, context);
        }
        spool.commit(part, target);
        return new SpooledFile(spool.relative(target), completed.size(), completed.sha1(), contentType, fileName);
    }

    /**
     * Once only: a fresh download token (and URL) from the recordings API, through a new S2S OAuth access token;
     * fatal when that is not configured or the fresh token is refused too.
     */
    private Completed downloadWithFreshToken(RecordingEvent event, Origin origin, TokenRejected rejected, Path part,
                                             Long expected, StepContext context) throws IOException {
        if (zoomApi == null) {
            throw new FatalStepException(rejected.getMessage() + "; the download token has probably expired (tokens "
                    + "last 24 h). Configure ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET to let the "
                    + "pipeline fetch a fresh one, then replay the recording");
        }
        log.info("{}; fetching a fresh download token from the recordings API", rejected.getMessage());
        ZoomRecordingsApi.FreshDownload fresh = zoomApi.freshDownload(event.attributes().get("meetingUuid"),
                event.attributes().get("fileId"));
        URI url = fresh.downloadUrl() != null ? fresh.downloadUrl() : URI.create(origin.url());
        try {
            return download(url, fresh.token(), part, expected, context);
        } catch (TokenRejected again) {
            throw new FatalStepException(again.getMessage() + ", with a freshly issued download token too; does the "
                    + "S2S OAuth app have the cloud_recording:read scope?");
        }
    }

    private static boolean hasToken(Origin origin) {
        return origin.token() != null && !origin.token().isBlank();
    }

    /** Follows the redirects by hand, checking each hop, until a response with the file arrives. */
    private Completed download(URI url, String token, Path part, Long expected, StepContext context) throws IOException {
        TransferListener listener = context.transfer(expected == null ? -1 : expected);
        long offset = PartFileWriter.existing(part);
        if (expected != null && offset > expected) {
            Files.delete(part);
            offset = 0;
        }
        if (expected != null && offset == expected && offset > 0) {
            try (PartFileWriter whole = PartFileWriter.resume(part, offset, listener)) {
                log.info("an earlier attempt received every byte; not downloading again");
                return new Completed(whole.size(), whole.sha1Hex());
            }
        }
        if (offset > 0) {
            log.info("resuming after {} bytes of an earlier attempt", offset);
        }
        URI current = url;
        int redirects = 0;
        while (true) {
            allowlist.require(current, redirects == 0 ? "download URL" : "redirect " + redirects);
            String bearer = sameOrigin(current, url) ? token : null;
            Hop hop = block(request(current, bearer, part, offset, expected, listener));
            if (hop instanceof Completed completed) {
                return completed;
            } else if (hop instanceof Redirect redirect) {
                if (++redirects > maxRedirects) {
                    throw new FatalStepException("more than " + maxRedirects + " redirects from " + describe(url));
                }
                current = redirect.location();
            } else {
                log.info("{} cannot serve bytes {}- of the part file; starting over", describe(current), offset);
                Files.deleteIfExists(part);
                offset = 0;
            }
        }
    }

    private Mono<Hop> request(URI uri, String bearer, Path part, long offset, Long expected, TransferListener listener) {
        return http.get().uri(uri)
                .headers(headers -> {
                    if (bearer != null) {
                        headers.setBearerAuth(bearer);
                    }
                    if (offset > 0) {
                        headers.set(HttpHeaders.RANGE, "bytes=" + offset + "-");
                    }
                })
                .exchangeToMono(response -> answer(uri, response, bearer != null, part, offset, expected, listener));
    }

    private Mono<Hop> answer(URI uri, ClientResponse response, boolean sentToken, Path part, long offset,
                             Long expected, TransferListener listener) {
        int status = response.statusCode().value();
        if (response.statusCode().is3xxRedirection()) {
            String location = response.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION);
            if (location == null) {
                return Mono.error(new FatalStepException("HTTP " + status + " without Location from " + describe(uri)));
            }
            return Mono.just(new Redirect(uri.resolve(location.trim())));
        }
        if (status == 401 || status == 403) {
            return Mono.error(new TokenRejected("Zoom rejected the download" + (sentToken ? " token" : "")
                    + " (HTTP " + status + " from " + describe(uri) + ")"));
        }
        if (status == 416 && offset > 0) {
            return Mono.just(new StartOver());
        }
        if (status != 200 && status != 206) {
            return Mono.error(failure(status, uri));
        }
        MediaType type = response.headers().contentType().orElse(null);
        if (type != null && type.isCompatibleWith(MediaType.TEXT_HTML)) {
            return Mono.error(new TokenRejected("Zoom answered the download with an HTML page (HTTP " + status
                    + " text/html from " + describe(uri) + ") instead of the recording: it was deleted, or the token"
                    + " does not grant access to it"));
        }
        long from = 0;
        if (status == 206) {
            String range = response.headers().asHttpHeaders().getFirst(HttpHeaders.CONTENT_RANGE);
            Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
            if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset) {
                return Mono.error(new RetryableStepException("HTTP 206 from " + describe(uri) + " with Content-Range "
                        + range + " does not continue at byte " + offset));
            }
            if (expected != null && !m.group(3).equals("*") && Long.parseLong(m.group(3)) != expected) {
                return Mono.error(sizeMismatch(expected, Long.parseLong(m.group(3)), uri));
            }
            from = offset;
        }
        long length = response.headers().contentLength().orElse(-1);
        if (expected != null && length >= 0 && from + length != expected) {
            return Mono.error(sizeMismatch(expected, from + length, uri));
        }
        long start = from;
        return Mono.using(
                () -> start > 0 ? PartFileWriter.resume(part, start, listener) : PartFileWriter.restart(part, listener),
                writer -> response.bodyToFlux(DataBuffer.class)
                        .doOnNext(buffer -> write(writer, buffer, expected, uri))
                        .then(Mono.fromCallable(() -> finish(writer, expected, uri))),
                ZoomDownloader::closeQuietly);
    }

    private static void write(PartFileWriter writer, DataBuffer buffer, Long expected, URI uri) {
        try {
            writer.write(buffer);
        } catch (IOException e) {
            throw Exceptions.propagate(e);
        } finally {
            DataBufferUtils.release(buffer);
        }
        if (expected != null && writer.size() > expected) {
            throw sizeMismatch(expected, writer.size(), uri);
        }
    }

    private static Hop finish(PartFileWriter writer, Long expected, URI uri) throws IOException {
        if (expected != null && writer.size() != expected) {
            throw new IOException("download from " + describe(uri) + " ended after " + writer.size() + " of "
                    + expected + " bytes");
        }
        return new Completed(writer.size(), writer.sha1Hex());
    }

    private static RuntimeException failure(int status, URI uri) {
        String what = "HTTP " + status + " from " + describe(uri);
        if (status == 404 || status == 410) {
            return new FatalStepException(what + ": the recording no longer exists in Zoom's cloud");
        }
        return HttpStatuses.isRetryable(status) ? new RetryableStepException(what) : new FatalStepException(what);
    }

    private static FatalStepException sizeMismatch(long expected, long actual, URI uri) {
        return new FatalStepException("size mismatch: the webhook announced file_size " + expected
                + " bytes but " + describe(uri) + " serves " + actual + " bytes");
    }

    private static Hop block(Mono<Hop> hop) throws IOException {
        try {
            return Objects.requireNonNull(hop.block(), "no response");
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }

    /** Scheme, host and port only: paths and queries of Zoom URLs carry signatures. */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static void closeQuietly(PartFileWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            log.warn("could not close the part file: {}", e.getMessage());
        }
    }

    /** What one request led to. */
    private sealed interface Hop permits Completed, Redirect, StartOver {
    }

    private record Completed(long size, String sha1) implements Hop {
    }

    private record Redirect(URI location) implements Hop {
    }

    /** The server refused the Range (416): the part file is discarded and the download starts over. */
    private record StartOver() implements Hop {
    }

    /** The server refused the download token; carries no token. */
    /** Zoom refused the token (401/403, or a 200 HTML page): worth one try with a fresh token. */
    private static final class TokenRejected extends RuntimeException {
        TokenRejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
