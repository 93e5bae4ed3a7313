package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.StreamedVideo;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.stream.StreamProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Hosts recordings on Bunny Stream and records the library id, video guid and play/embed URLs in the event. In
 * upload mode it creates the video and uploads the spooled file over tus; in fetch mode Bunny pulls the archived
 * file from B2 ({@link BunnyFetch}) and the spool copy is deleted once Bunny has stored it.
 *
 * <p>Idempotent and resumable through an {@link UploadStateFile} in the recording's spool directory, written
 * right after the video and the tus upload are created. A later attempt (retry, duplicate delivery, restart
 * after a crash) reads it and:
 * <ul>
 *   <li>completes at once if Bunny already has all the bytes (the video is uploaded, processing or done);</li>
 *   <li>resumes the same tus upload from the offset Bunny reports;</li>
 *   <li>deletes the video first if it cannot be resumed (upload gone, video failed), then starts over.</li>
 * </ul>
 * A video created by an attempt that died before writing the state file is not known to later attempts.
 */
class BunnyStreamProvider implements StreamProvider {

    /** Event attribute naming the Bunny collection, overriding {@link BunnySettings#collectionId()}. */
    public static final String COLLECTION_ATTRIBUTE = "bunnyCollectionId";

    private static final Logger log = LoggerFactory.getLogger(BunnyStreamProvider.class);

    private final BunnySettings settings;
    private final BunnyApi api;
    private final BunnyFetch fetch;
    private final HttpSettings http;
    private final Clock clock;

    BunnyStreamProvider(BunnySettings settings, BunnyApi api, BunnyFetch fetch, HttpSettings http, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.fetch = fetch;
        this.http = http;
        this.clock = clock;
    }

    /** In fetch mode Bunny reads the archived file from B2, not the spool. */
    @Override
    public boolean readsSpooledFile() {
        return settings.mode() == BunnySettings.Mode.UPLOAD;
    }

    @Override
    public String id() {
        return "bunny";
    }

    @Override
    public StreamedVideo publish(RecordingEvent event, Path file, StepContext context) throws Exception {
        UploadStateFile stateFile = new UploadStateFile(file);
        String videoId;
        if (settings.mode() == BunnySettings.Mode.FETCH) {
            videoId = fetch.fetch(event, title(event), collectionId(event), stateFile, context);
            // Bunny holds the bytes and B2 the archive; notify reads only the event, so the copy is not needed
            if (Files.deleteIfExists(file)) {
                log.info("Bunny stored video {}; deleted the spool copy {}", videoId, file.getFileName());
            }
        } else {
            videoId = resumeOrUpload(event, file, stateFile, context);
        }
        if (settings.waitUntilPlayable()) {
            awaitPlayable(videoId, context);
        }
        return new StreamedVideo(id(), settings.libraryId(), videoId, settings.playUrlOf(videoId),
                settings.embedUrlOf(videoId));
    }

    /** Returns the guid of a video that has all the bytes. */
    private String resumeOrUpload(RecordingEvent event, Path file, UploadStateFile stateFile, StepContext context)
            throws Exception {
        Optional<UploadState> previous = stateFile.read()
                .filter(state -> settings.libraryId().equals(state.libraryId()) && state.videoId() != null);
        if (previous.isPresent()) {
            UploadState state = previous.get();
            Optional<BunnyVideo> video = api.find(state.videoId());
            if (video.isEmpty()) {
                log.info("video {} of an earlier attempt is gone from Bunny; creating a new one", state.videoId());
            } else if (video.get().uploaded()) {
                log.info("video {} already has all its bytes (status {})", state.videoId(), video.get().status());
                return state.videoId();
            } else if (!video.get().failed()) {
                try {
                    upload(event, file, state, stateFile, context);
                    return state.videoId();
                } catch (UploadGoneException e) {
                    log.info("{}; deleting video {} and starting over", e.getMessage(), state.videoId());
                }
                api.delete(state.videoId());
            } else {
                log.info("video {} of an earlier attempt failed on Bunny (status {}); deleting it and starting over",
                        state.videoId(), video.get().status());
                api.delete(state.videoId());
            }
            stateFile.delete();
        }
        BunnyVideo created = api.create(title(event), collectionId(event));
        UploadState state = UploadState.uploading(settings.libraryId(), created.guid());
        stateFile.write(state);
        log.info("created Bunny video {} in library {}", created.guid(), settings.libraryId());
        try {
            upload(event, file, state, stateFile, context);
        } catch (UploadGoneException e) {
            throw new RetryableStepException(e.getMessage());
        }
        return created.guid();
    }

    /** Creates the tus upload (remembering its URL) or resumes the remembered one, then sends the rest. */
    private void upload(RecordingEvent event, Path file, UploadState state, UploadStateFile stateFile,
                        StepContext context) throws IOException, UploadGoneException {
        SpooledFile spooled = event.requireSpooled();
        SigningTusClient client = new SigningTusClient(settings.libraryId(), settings.apiKey(), state.videoId(),
                settings.signatureLifetime(), clock, http.connectTimeout(), http.idleTimeout());
        try (VideoUpload upload = new VideoUpload(client, settings.tusUrl().toURL(), state.videoId(), file,
                spooled.size(), title(event), fileType(spooled), (int) settings.chunkSize().toBytes(),
                (int) settings.requestSize().toBytes())) {
            if (state.uploadUrl() == null) {
                URL url = upload.create();
                stateFile.write(state.withUploadUrl(url.toString()));
            } else {
                upload.resume(URI.create(state.uploadUrl()).toURL());
                log.info("resuming the upload of video {} at byte {} of {}", state.videoId(), upload.offset(),
                        spooled.size());
            }
            upload.send(context.transfer(spooled.size()));
        }
    }

    private void awaitPlayable(String videoId, StepContext context) throws InterruptedException {
        Instant giveUp = clock.instant().plus(settings.playableTimeout());
        if (giveUp.isAfter(context.deadline())) {
            giveUp = context.deadline();
        }
        while (true) {
            BunnyVideo video = api.find(videoId).orElseThrow(() -> new RetryableStepException(
                    "video " + videoId + " disappeared from Bunny while waiting for it to become playable"));
            if (video.playable()) {
                return;
            }
            if (video.failed()) {
                throw new RetryableStepException("Bunny failed to process video " + videoId + " (status "
                        + video.status() + "); the retry uploads it again");
            }
            if (!clock.instant().plus(settings.pollInterval()).isBefore(giveUp)) {
                throw new RetryableStepException("video " + videoId + " is not playable after "
                        + settings.playableTimeout() + " (status " + video.status() + ")");
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
    }

    private String collectionId(RecordingEvent event) {
        String fromEvent = event.attributes().get(COLLECTION_ATTRIBUTE);
        return fromEvent != null && !fromEvent.isBlank() ? fromEvent : settings.collectionId();
    }

    private static String title(RecordingEvent event) {
        if (event.title() != null && !event.title().isBlank()) {
            return event.title();
        }
        String fileName = event.requireSpooled().fileName();
        return fileName != null && !fileName.isBlank() ? fileName : event.recordingId();
    }

    private static String fileType(SpooledFile spooled) {
        return spooled.contentType() != null && !spooled.contentType().isBlank()
                ? spooled.contentType() : "application/octet-stream";
    }
}
