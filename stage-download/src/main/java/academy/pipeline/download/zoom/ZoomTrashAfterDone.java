package academy.pipeline.download.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.MalformedEventException;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Optional ({@code pipeline.zoom.trash-after-done}): once a Zoom recording is done (archived, streamed and
 * accepted by the website, i.e. on {@code recordings.done}), moves its file to Zoom's trash to free cloud
 * storage. Idempotent: a file Zoom no longer has counts as trashed. A failing call is retried by the
 * container's default error handler a few times, then logged as an error and skipped; Zoom keeps the file.
 */
public class ZoomTrashAfterDone {

    private static final Logger log = LoggerFactory.getLogger(ZoomTrashAfterDone.class);

    private final ZoomRecordingsApi zoomApi;

    ZoomTrashAfterDone(ZoomRecordingsApi zoomApi) {
        this.zoomApi = zoomApi;
    }

    @KafkaListener(id = "zoom-trash-after-done", groupId = "zoom-trash-after-done", topics = Topics.DONE)
    void onDone(ConsumerRecord<String, String> record) {
        RecordingEvent event;
        try {
            event = EventCodec.decodeRecording(record.value());
        } catch (MalformedEventException e) {
            log.warn("skipping malformed record at {} offset {}: {}", Topics.DONE, record.offset(), e.getMessage());
            return;
        }
        if (event.source() != Source.ZOOM) {
            return;
        }
        MDC.put("recordingId", event.recordingId());
        try {
            String meetingUuid = event.attributes().get("meetingUuid");
            String fileId = event.attributes().get("fileId");
            if (meetingUuid == null || fileId == null) {
                log.warn("cannot move to Zoom's trash: the recording has no meetingUuid/fileId attributes");
                return;
            }
            if (zoomApi.trash(meetingUuid, fileId)) {
                log.info("moved Zoom recording file {} to Zoom's trash", fileId);
            } else {
                log.info("Zoom no longer has recording file {}; nothing to trash", fileId);
            }
        } finally {
            MDC.remove("recordingId");
        }
    }
}
