package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.runtime.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Fetch mode: Bunny pulls the archived file from B2 itself, so the server sends each recording once. Asks Bunny
 * to fetch the archive's download URL with a B2 download authorization, then follows the video until Bunny has
 * stored it (status 3 or more) with the archived file's size, which is the integrity proof (Bunny reports no
 * hash of what it fetched).
 *
 * <p>Never starts a fetch twice for one recording: the {@link UploadStateFile} is written just before the fetch
 * request ("requested") and just after it (the video id). A later attempt follows the remembered video; finds
 * it gone or failed, deletes it and fetches again; and finds the "requested" mark without a video id only when
 * the answer to a fetch was lost, which it refuses to guess about (fatal, with what the operator must check).
 */
final class BunnyFetch {

    private static final Logger log = LoggerFactory.getLogger(BunnyFetch.class);

    private final BunnySettings settings;
    private final BunnyApi api;
    private final Optional<B2DownloadAuthorizer> authorizer;
    private final Clock clock;

    /** @param authorizer signs the B2 download; empty for a public bucket */
    BunnyFetch(BunnySettings settings, BunnyApi api, Optional<B2DownloadAuthorizer> authorizer, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** Returns the guid of a video Bunny has stored with the file's size. */
    String fetch(RecordingEvent event, String title, String collectionId, UploadStateFile stateFile,
                 StepContext context) throws IOException, InterruptedException {
        ArchivedFile archive = event.archive();
        if (archive == null || archive.url() == null || archive.url().isBlank()) {
            throw new FatalStepException("fetch mode needs the archived file's download URL, and recording "
                    + event.recordingId() + " has no archive result (replay the archive stage)");
        }
        long size = event.requireSpooled().size();
        String videoId = rememberedVideo(stateFile).orElse(null);
        if (videoId == null) {
            videoId = start(archive, title, collectionId, stateFile);
        }
        awaitStored(videoId, size, stateFile, context);
        return videoId;
    }

    /** The video of an earlier attempt that is still worth following; deletes one that is not. */
    private Optional<String> rememberedVideo(UploadStateFile stateFile) throws IOException {
        Optional<UploadState> previous = stateFile.read().filter(s -> settings.libraryId().equals(s.libraryId()));
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        UploadState state = previous.get();
        if (state.videoId() == null) {
            throw new FatalStepException("an earlier attempt asked Bunny to fetch this recording but its answer was "
                    + "lost (a crash or timeout), so the video's id is unknown; to never fetch twice the step stops "
                    + "here. Look in library " + settings.libraryId() + " for the newest video with this title: "
                    + "delete it (or keep it and record it by hand), delete " + stateFile.path()
                    + ", then replay the stream stage");
        }
        Optional<BunnyVideo> video = api.find(state.videoId());
        if (video.isEmpty()) {
            log.info("video {} of an earlier attempt is gone from Bunny; fetching again", state.videoId());
        } else if (video.get().failed()) {
            log.info("video {} of an earlier attempt failed on Bunny (status {}); deleting it and fetching again",
                    state.videoId(), video.get().status());
            api.delete(state.videoId());
        } else if (state.fetched() || video.get().uploaded()) {
            return Optional.of(state.videoId());
        } else {
            log.info("video {} of an earlier tus upload has no bytes; deleting it and fetching instead",
                    state.videoId());
            api.delete(state.videoId());
        }
        stateFile.delete();
        return Optional.empty();
    }

    private String start(ArchivedFile archive, String title, String collectionId, UploadStateFile stateFile)
            throws IOException {
        Map<String, String> headers = authorizer.map(a -> a.headersFor(archive, settings.fetchTimeout()))
                .orElse(null);
        stateFile.write(UploadState.fetchRequested(settings.libraryId()));
        Optional<String> videoId;
        try {
            videoId = api.fetch(archive.url(), headers, title, collectionId);
        } catch (RestClientResponseException | FatalStepException e) {
            // Bunny answered with an error status (FatalStepException: 401/403): no fetch was started
            stateFile.delete();
            throw e;
        } catch (ResourceAccessException e) {
            if (e.getCause() instanceof ConnectException) {
                stateFile.delete();
            }
            throw e;
        }
        if (videoId.isEmpty()) {
            // a fetch started, so the "requested" mark stays: no later attempt may start another
            throw new FatalStepException("Bunny Stream accepted the fetch of " + archive.url() + " in library "
                    + settings.libraryId() + " without naming the new video; look for the video titled \"" + title
                    + "\", then delete " + stateFile.path() + " and replay, or record the video by hand");
        }
        stateFile.write(UploadState.fetching(settings.libraryId(), videoId.get()));
        log.info("asked Bunny to fetch {} into video {} of library {}", archive.url(), videoId.get(),
                settings.libraryId());
        return videoId.get();
    }

    private void awaitStored(String videoId, long size, UploadStateFile stateFile, StepContext context)
            throws IOException, InterruptedException {
        Instant giveUp = clock.instant().plus(settings.fetchTimeout());
        if (giveUp.isAfter(context.deadline())) {
            giveUp = context.deadline();
        }
        while (true) {
            BunnyVideo video = api.find(videoId).orElseThrow(() -> new RetryableStepException(
                    "video " + videoId + " disappeared from Bunny while it fetched the file; the retry fetches again"));
            Optional<String> encodeError = video.encodeError();
            if (encodeError.isPresent()) {
                throw new FatalStepException("Bunny cannot encode the fetched file of video " + videoId + ": "
                        + encodeError.get());
            }
            if (video.failed()) {
                throw new RetryableStepException("Bunny failed to fetch or process video " + videoId + " (status "
                        + video.status() + "); the retry deletes it and fetches again");
            }
            if (video.stored()) {
                // storageSize also counts the renditions Bunny has encoded so far, so only less than the
                // original's size proves a short fetch
                if (video.storageSize() < size) {
                    api.delete(videoId);
                    stateFile.delete();
                    throw new FatalStepException("Bunny stored " + video.storageSize() + " bytes for video " + videoId
                            + " but the archived file has " + size + "; the video was deleted (replay fetches again)");
                }
                return;
            }
            if (!clock.instant().plus(settings.pollInterval()).isBefore(giveUp)) {
                throw new RetryableStepException("Bunny has not stored video " + videoId + " within "
                        + settings.fetchTimeout() + " of asking (status " + video.status()
                        + "); the retry keeps following the same video");
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
    }
}
