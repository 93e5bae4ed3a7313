package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The one record a recording carries from hop to hop. Each stage returns it enriched with its result, so the
 * record on a stage's inbox topic is everything that stage (or a replay of it) needs.
 *
 * <p>Schema rule: within schema {@value #SCHEMA} fields are only ever added, never renamed or removed; readers
 * ignore unknown fields, so a newer writer does not break older stages, and a reader fills in what an older
 * writer could not write yet. So far one such field: {@code origin.zoom} (the typed Zoom meeting file), which
 * events written before it carry only as the {@code meetingUuid}/{@code fileId} attributes; reading such an
 * event takes it from there. The gateway keeps writing those attributes too, because the website receives
 * them in the notification.
 *
 * @param schema      contract version, {@value #SCHEMA}
 * @param recordingId stable id derived from the source; also the Kafka key and the spool directory name
 * @param source      where the recording came from
 * @param title       human title (meeting topic, upload title)
 * @param attributes  source attributes (meeting id, host, start time, ace_id, ...); never secrets
 * @param origin      where the bytes come from
 * @param spooled     filled in by stage-download
 * @param archive     filled in by stage-archive
 * @param stream      filled in by stage-stream
 * @param receivedAt  when the gateway accepted the recording
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingEvent(
        int schema,
        String recordingId,
        Source source,
        String title,
        Map<String, String> attributes,
        Origin origin,
        SpooledFile spooled,
        ArchivedFile archive,
        StreamedVideo stream,
        Instant receivedAt) {

    public static final int SCHEMA = 1;

    public RecordingEvent {
        RecordingIds.requireValid(recordingId);
        Objects.requireNonNull(source, "source");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (source == Source.ZOOM && origin != null && origin.zoom() == null) {
            origin = origin.withZoom(ZoomFile.fromAttributes(attributes));
        }
    }

    /** A new recording as the gateway accepts it. */
    public static RecordingEvent accepted(String recordingId, Source source, String title,
                                          Map<String, String> attributes, Origin origin, Instant receivedAt) {
        return new RecordingEvent(SCHEMA, recordingId, source, title, attributes, origin, null, null, null, receivedAt);
    }

    public RecordingEvent withOrigin(Origin newOrigin) {
        return new RecordingEvent(schema, recordingId, source, title, attributes, newOrigin, spooled, archive, stream, receivedAt);
    }

    /**
     * The event with its spooled file, and without the origin's download token: the bytes are in the spool, so
     * the token (a secret) is not carried into later topics, which keep records for weeks.
     */
    public RecordingEvent withSpooled(SpooledFile file) {
        Origin withoutToken = origin == null ? null : origin.withToken(null);
        return new RecordingEvent(schema, recordingId, source, title, attributes, withoutToken, file, archive, stream,
                receivedAt);
    }

    public RecordingEvent withArchive(ArchivedFile archived) {
        return new RecordingEvent(schema, recordingId, source, title, attributes, origin, spooled, archived, stream, receivedAt);
    }

    public RecordingEvent withStream(StreamedVideo video) {
        return new RecordingEvent(schema, recordingId, source, title, attributes, origin, spooled, archive, video, receivedAt);
    }

    /**
     * Requires the spooled file, with a message that names the stage that should have set it.
     *
     * @throws MalformedEventException when there is none: fatal (straight to the DLT), since a retry of the same
     *                                 event cannot add it; a replay from the download stage can
     */
    public SpooledFile requireSpooled() {
        if (spooled == null) {
            throw new MalformedEventException("recording " + recordingId
                    + " has no spooled file (replay the download stage to fetch it)");
        }
        return spooled;
    }
}
