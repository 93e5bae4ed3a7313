package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.gateway.intake.RecordingIntake;
import me.desair.tus.server.TusFileUploadService;
import academy.pipeline.gateway.web.ApiException;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hands a finished upload to the pipeline: one {@code manual} recording per upload, published durably before the
 * request that finished it is answered. Calling it again for the same upload (a client retrying the last PATCH, a
 * HEAD after a lost answer) publishes nothing new: the upload carries a "published" marker, and the pipeline's
 * {@link RecordingIntake#isKnown} guards the gap between publishing and writing that marker.
 *
 * <p>It runs under the upload's lock (re-entered when the finishing request holds it; skipped when another request
 * holds it, which then completes the upload itself) and the lock of the ace_id, so two uploads of one ace_id cannot
 * both publish, while completions of different ace_ids run side by side.
 */
class UploadCompletion {

    private static final Logger log = LoggerFactory.getLogger(UploadCompletion.class);

    private final TusUploadStore store;
    private final RecordingIntake intake;
    private final Clock clock;
    private final Duration aceWait;

    /** @param aceWait how long to wait for another completion of the same ace_id before answering 503 */
    private final HandedOverUploads handedOver = new HandedOverUploads();

    public UploadCompletion(TusUploadStore store, RecordingIntake intake, Clock clock, Duration aceWait) {
        this.store = store;
        this.intake = intake;
        this.clock = clock;
        this.aceWait = aceWait;
    }

    /**
     * Publishes the upload if it is finished and not yet published.
     *
     * @return the recordingId when the upload is (now or already) handed over, else null (unfinished, partial,
     *         or another request holds the upload)
     * @throws academy.pipeline.gateway.web.RecordingNotPublishedException when Kafka did not acknowledge it
     */
    /** An upload this gateway handed over lately, if it was this owner's ({@link HandedOverUploads}). */
    Optional<HandedOverUploads.HandedOver> handedOver(UploadId id, String owner) {
        return handedOver.find(id, owner);
    }

    public String completeIfFinished(UploadId id, String owner) throws IOException {
        if (store.isPublished(id)) {
            return ManualRecordingIds.of(owner);
        }
        Optional<UploadLocks.Hold> upload = store.locks().tryUpload(id);
        if (upload.isEmpty()) {
            return null;
        }
        try (UploadLocks.Hold ignored = upload.get(); UploadLocks.Hold ignoredAce = store.locks().ace(owner, aceWait)) {
            return completeLocked(id, owner);
        } catch (UploadLocks.BusyException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "completion_busy",
                    "another upload of this ace_id is being handed over; retry");
        }
    }

    private String completeLocked(UploadId id, String owner) throws IOException {
        UploadInfo info = store.read(id, owner).orElse(null);
        if (info == null || info.isUploadInProgress() || info.getUploadType() == UploadType.PARTIAL) {
            return null;
        }
        String recordingId = ManualRecordingIds.of(owner);
        if (store.isPublished(info.getId())) {
            return recordingId;
        }
        if (intake.isKnown(recordingId)) {
            log.warn("upload {} finished for ace_id {}, but recording {} already exists; not published again",
                    info.getId(), owner, recordingId);
            return recordingId;
        }
        String uploadUri = TusSettings.PATH + "/" + id;
        Path data = store.dataFile(info.getId());
        if (info.getUploadType() == UploadType.CONCATENATED) {
            materialize(uploadUri, owner, data);
        }
        Map<String, String> metadata = info.getMetadata();
        intake.accept(event(recordingId, owner, metadata, data, info.getLength(), clock));
        handedOver.remember(info.getId(), owner, info.getLength());
        store.markPublished(info.getId());
        if (info.getUploadType() == UploadType.CONCATENATED) {
            for (String part : info.getConcatenationPartIds()) {
                store.delete(part, owner);
            }
        }
        return recordingId;
    }

    /** The event of a finished tutor upload, whether it came through our tus server or an external one. */
    static RecordingEvent event(String recordingId, String aceId, Map<String, String> metadata, Path data,
                                long size, Clock clock) {
        Map<String, String> attributes = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (value != null && !key.equalsIgnoreCase("title")) {
                attributes.put(key, value);
            }
        });
        attributes.put("ace_id", aceId);
        String fileName = first(metadata, "filename", "name");
        String title = first(metadata, "title");
        if (title == null || title.isBlank()) {
            title = fileName != null ? fileName : "Upload " + aceId;
        }
        return RecordingEvent.accepted(recordingId, Source.MANUAL, title.strip(), attributes,
                Origin.ofPath(data.toString(), size, fileName != null ? fileName : aceId, first(metadata, "filetype", "type", "mimetype")),
                clock.instant());
    }

    private static String first(Map<String, String> metadata, String... keys) {
        for (String key : keys) {
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(key) && entry.getValue() != null && !entry.getValue().isBlank()) {
                    return entry.getValue();
                }
            }
        }
        return null;
    }

    /**
     * A concatenated upload exists only as its parts; the pipeline takes over one file, so the parts are streamed
     * into the final upload's own data file (the one byte copy on this path, only for parallel uploads).
     */
    private void materialize(String uploadUri, String owner, Path data) throws IOException {
        TusFileUploadService service = store.service();
        try (InputStream in = service.getUploadedBytes(uploadUri, owner);
             FileChannel out = FileChannel.open(data, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            in.transferTo(Channels.newOutputStream(out));
            out.force(false);
        } catch (TusException e) {
            throw new IOException("cannot read the parts of " + uploadUri + ": " + e.getMessage(), e);
        }
    }
}
