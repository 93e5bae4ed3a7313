package academy.pipeline.download.zoom;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.core.runtime.DoneSideEffect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional ({@code pipeline.zoom.trash-after-done}): once a Zoom recording is done (archived, streamed and
 * accepted by the website, i.e. on {@code recordings.done}), moves its file to Zoom's trash to free cloud
 * storage. Idempotent: a file Zoom no longer has counts as trashed. Registered as a {@link DoneSideEffect}: a
 * failing call is tried again a few times, then logged as an error and skipped; Zoom keeps the file.
 */
class ZoomTrashAfterDone implements DoneSideEffect.Action {

    /** The side effect's listener id and consumer group. */
    static final String NAME = "zoom-trash-after-done";

    private static final Logger log = LoggerFactory.getLogger(ZoomTrashAfterDone.class);

    private final ZoomRecordingsApi zoomApi;

    ZoomTrashAfterDone(ZoomRecordingsApi zoomApi) {
        this.zoomApi = zoomApi;
    }

    @Override
    public void onDone(RecordingEvent event) {
        if (event.source() != Source.ZOOM) {
            return;
        }
        ZoomFile zoomFile = event.origin() == null ? null : event.origin().zoom();
        if (zoomFile == null) {
            log.warn("cannot move to Zoom's trash: the recording does not say which Zoom meeting and file it is");
            return;
        }
        if (zoomApi.trash(zoomFile.meetingUuid(), zoomFile.fileId())) {
            log.info("moved Zoom recording file {} to Zoom's trash", zoomFile.fileId());
        } else {
            log.info("Zoom no longer has recording file {}; nothing to trash", zoomFile.fileId());
        }
    }
}
