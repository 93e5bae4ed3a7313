package academy.pipeline.download.zoom;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.CopyResult;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.core.spool.StreamingCopy;
import academy.pipeline.download.SourceFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a Zoom cloud recording into the spool: resolve (a file an earlier attempt committed is only
 * verified) → download with resume ({@link ResumableDownload}, every hop vetted by {@link VettedRedirects}) →
 * hand over (rename into place). A rejected token (401/403, or an HTML page) is replaced once through the
 * recordings API when S2S OAuth credentials are configured, and is fatal otherwise.
 */
class ZoomDownloader implements SourceFetcher {

    private static final Logger log = LoggerFactory.getLogger(ZoomDownloader.class);
    private static final String DEFAULT_FILE_NAME = "zoom-recording.mp4";
    private static final String DEFAULT_CONTENT_TYPE = "video/mp4";

    private final Spool spool;
    private final ResumableDownload download;
    private final ZoomRecordingsApi zoomApi;

    /** @param zoomApi replaces rejected download tokens; null when no S2S OAuth credentials are configured */
    ZoomDownloader(Spool spool, ResumableDownload download, ZoomRecordingsApi zoomApi) {
        this.spool = spool;
        this.download = download;
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
        String contentType = origin.contentType() != null ? origin.contentType() : DEFAULT_CONTENT_TYPE;
        Path target = spool.file(event.recordingId(), fileName);
        CopyResult result = alreadySpooled(target, origin.expectedSize())
                ? verify(target, context)
                : downloadAndCommit(origin, target, context);
        return new SpooledFile(spool.relative(target), result.size(), result.sha1(), contentType, fileName);
    }

    private static boolean alreadySpooled(Path target, Long expected) throws IOException {
        return Files.isRegularFile(target) && (expected == null || Files.size(target) == expected);
    }

    private static CopyResult verify(Path target, StepContext context) throws IOException {
        log.info("already downloaded by an earlier attempt; verifying {}", target.getFileName());
        return StreamingCopy.sha1(target, context.transfer(Files.size(target)));
    }

    private CopyResult downloadAndCommit(Origin origin, Path target, StepContext context) throws IOException {
        Path part = spool.partFile(target);
        CopyResult result;
        try {
            if (!hasToken(origin) && zoomApi != null) {
                // a replay (the token is never kept after the download) or a webhook without one
                throw new TokenRejected("the event carries no download token");
            }
            result = download.into(part, URI.create(origin.url()), origin.token(), origin.expectedSize(),
                    context.transfer(expectedOrUnknown(origin)));
        } catch (TokenRejected rejected) {
            result = downloadWithFreshToken(origin, rejected, part, context);
        }
        spool.commit(part, target);
        return result;
    }

    /**
     * Once only: a fresh download token (and URL) from the recordings API, through a new S2S OAuth access token;
     * fatal when that is not configured or the fresh token is refused too.
     */
    private CopyResult downloadWithFreshToken(Origin origin, TokenRejected rejected, Path part, StepContext context)
            throws IOException {
        if (zoomApi == null) {
            throw new FatalStepException(rejected.getMessage() + "; the download token has probably expired (tokens "
                    + "last 24 h). Configure ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET to let the "
                    + "pipeline fetch a fresh one, then replay the recording");
        }
        if (origin.zoom() == null) {
            throw new FatalStepException(rejected.getMessage() + "; cannot fetch a fresh download token: the event "
                    + "does not say which Zoom meeting file it is (origin.zoom)");
        }
        log.info("{}; fetching a fresh download token from the recordings API", rejected.getMessage());
        ZoomRecordingsApi.FreshDownload fresh = zoomApi.freshDownload(origin.zoom());
        URI url = fresh.downloadUrl() != null ? fresh.downloadUrl() : URI.create(origin.url());
        try {
            return download.into(part, url, fresh.token(), origin.expectedSize(),
                    context.transfer(expectedOrUnknown(origin)));
        } catch (TokenRejected again) {
            throw new FatalStepException(again.getMessage() + ", with a freshly issued download token too; does the "
                    + "S2S OAuth app have the cloud_recording:read scope?");
        }
    }

    private static boolean hasToken(Origin origin) {
        return origin.token() != null && !origin.token().isBlank();
    }

    private static long expectedOrUnknown(Origin origin) {
        return origin.expectedSize() == null ? -1 : origin.expectedSize();
    }
}
