package academy.pipeline.notify;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.StreamedVideo;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * The JSON body the website receives once a recording is archived and hosted. README.md documents it.
 *
 * @param event       always {@code recording.ready}
 * @param recordingId stable id; also the {@code Idempotency-Key} header
 * @param source      zoom, manual or custom
 * @param title       the recording's title
 * @param attributes  source attributes (ace_id, meeting id, topic, host, start time, ...)
 * @param file        name, size, SHA-1 and content type of the recording
 * @param archive     where it is archived
 * @param stream      where it is hosted for playback
 * @param receivedAt  when the pipeline accepted it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Notification(
        int schema,
        String event,
        String recordingId,
        String source,
        String title,
        Map<String, String> attributes,
        FileFacts file,
        ArchivedFile archive,
        StreamedVideo stream,
        Instant receivedAt) {

    /** @param sha1 lowercase hex SHA-1 */
    public record FileFacts(String name, long size, String sha1, String contentType) {
    }

    public static Notification of(RecordingEvent event) {
        SpooledFile spooled = event.requireSpooled();
        return new Notification(RecordingEvent.SCHEMA, "recording.ready", event.recordingId(), event.source().id(),
                event.title(), event.attributes(),
                new FileFacts(spooled.fileName(), spooled.size(), spooled.sha1(), spooled.contentType()),
                event.archive(), event.stream(), event.receivedAt());
    }
}
