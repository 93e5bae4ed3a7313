package academy.pipeline.gateway.zoom;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.gateway.intake.RecordingIntake;
import academy.pipeline.gateway.zoom.ZoomWebhook.Meeting;
import academy.pipeline.gateway.zoom.ZoomWebhook.RecordingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a verified {@code recording.completed} into pipeline recordings: one per selected file, each handed to
 * {@link RecordingIntake} unless the pipeline already knows it. The answer completes once Kafka has acknowledged
 * every new one; no thread waits meanwhile, so concurrent webhooks share the producer's batches. Two concurrent
 * deliveries of the same file cannot both publish it: {@link RecordingIntake} keeps one publish per recording id
 * in flight, and the recording id is derived from the meeting uuid and the file id.
 */
class ZoomRecordingIntake {

    private static final Logger log = LoggerFactory.getLogger(ZoomRecordingIntake.class);

    /** One selected file and what became of it. */
    record Outcome(String recordingId, boolean duplicate) {
    }

    private final RecordingIntake intake;
    private final ZoomFileSelection selection;
    private final Clock clock;

    ZoomRecordingIntake(RecordingIntake intake, ZoomFileSelection selection, Clock clock) {
        this.intake = intake;
        this.selection = selection;
        this.clock = clock;
    }

    /**
     * @return completes with one outcome per selected file once every new one is durably in Kafka; fails with
     *         {@link academy.pipeline.gateway.web.RecordingNotPublishedException} when one was not acknowledged
     */
    CompletableFuture<List<Outcome>> accept(Meeting meeting, String downloadToken) {
        List<RecordingFile> files = selection.select(meeting);
        if (files.isEmpty()) {
            log.info("recording.completed for meeting {}: no file to ingest among {} files", meeting.id(),
                    meeting.recordingFiles().size());
        }
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            RecordingFile file = files.get(i);
            String recordingId = ZoomRecordingIds.of(meeting.id(), meeting.uuid(), file.id());
            String title = files.size() == 1 ? topic(meeting)
                    : topic(meeting) + " (" + (i + 1) + "/" + files.size() + ", " + file.recordingType() + ")";
            outcomes.add(intake.acceptAsync(RecordingEvent.accepted(recordingId, Source.ZOOM, title,
                    attributes(meeting, file), Origin.ofZoom(new ZoomFile(meeting.uuid(), file.id()),
                            file.downloadUrl(), downloadToken, file.fileSize(), fileName(meeting, file),
                            contentType(file)), clock.instant()))
                    .thenApply(published -> {
                        if (!published) {
                            log.info("recording.completed for meeting {} file {}: already known as {}, duplicate"
                                    + " delivery ignored", meeting.id(), file.id(), recordingId);
                        }
                        return new Outcome(recordingId, !published);
                    }));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(all -> outcomes.stream().map(CompletableFuture::join).toList());
    }

    private static String topic(Meeting meeting) {
        return meeting.topic() == null || meeting.topic().isBlank() ? "Zoom meeting " + meeting.id() : meeting.topic();
    }

    private static Map<String, String> attributes(Meeting meeting, RecordingFile file) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "meetingId", meeting.id() == null ? null : meeting.id().toString());
        put(attributes, "meetingUuid", meeting.uuid());
        put(attributes, "topic", meeting.topic());
        put(attributes, "hostEmail", meeting.hostEmail());
        put(attributes, "hostId", meeting.hostId());
        put(attributes, "startTime", meeting.startTime());
        put(attributes, "durationMinutes", meeting.duration() == null ? null : meeting.duration().toString());
        put(attributes, "fileId", file.id());
        put(attributes, "fileType", file.fileType());
        put(attributes, "recordingType", file.recordingType());
        put(attributes, "recordingStart", file.recordingStart());
        put(attributes, "recordingEnd", file.recordingEnd());
        return attributes;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** {@code <topic> <recording type>.<ext>}; the spool reduces it to a safe file name. */
    private static String fileName(Meeting meeting, RecordingFile file) {
        String extension = file.fileExtension() != null ? file.fileExtension() : file.fileType();
        String view = file.recordingType() == null ? file.id() : file.recordingType();
        return topic(meeting) + " " + view + "." + extension.toLowerCase(Locale.ROOT);
    }

    private static String contentType(RecordingFile file) {
        return switch (file.fileType().toUpperCase(Locale.ROOT)) {
            case "MP4" -> "video/mp4";
            case "M4A" -> "audio/mp4";
            case "TRANSCRIPT", "CC" -> "text/vtt";
            case "CHAT", "TIMELINE" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
