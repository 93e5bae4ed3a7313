package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.gateway.intake.RecordingIntake;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands a finished upload to the pipeline: one {@code manual} recording per upload, published durably before the
 * request that finished it is answered. Calling it again for the same upload (a client retrying the last PATCH, a
 * HEAD after a lost answer) publishes nothing new: the upload carries a "published" marker, and the pipeline's
 * {@link RecordingIntake#isKnown} guards the gap between publishing and writing that marker.
 */
public class UploadCompletion {

    private static final Logger log = LoggerFactory.getLogger(UploadCompletion.class);

    private final TusUploadStore store;
    private final RecordingIntake intake;
    private final Clock clock;
    private final Object publishing = new Object();

    public UploadCompletion(TusUploadStore store, RecordingIntake intake, Clock clock) {
        this.store = store;
        this.intake = intake;
        this.clock = clock;
    }

    /**
     * Publishes the upload at {@code uploadUri} if it is finished and not yet published.
     *
     * @return the recordingId when the upload is (now or already) handed over, else null (unfinished, partial)
     * @throws academy.pipeline.gateway.web.RecordingNotPublishedException when Kafka did not acknowledge it
     */
    public String completeIfFinished(String uploadUri, String owner) throws IOException {
        synchronized (publishing) {
            UploadInfo info = store.find(uploadUri, owner).orElse(null);
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
            Path data = store.dataFile(info.getId());
            if (info.getUploadType() == UploadType.CONCATENATED) {
                materialize(uploadUri, owner, data);
            }
            Map<String, String> metadata = info.getMetadata();
            intake.accept(event(recordingId, owner, metadata, data, info.getLength(), clock));
            store.markPublished(info.getId());
            if (info.getUploadType() == UploadType.CONCATENATED) {
                for (String part : info.getConcatenationPartIds()) {
                    store.delete(part, owner);
                }
            }
            return recordingId;
        }
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
