package academy.pipeline.testkit.zoom;

import academy.pipeline.core.event.EventCodec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** Webhook bodies shaped exactly like Zoom's (docs/external-apis.md §1): {@code download_token} at the root. */
public final class ZoomWebhooks {

    /**
     * A recorded meeting.
     *
     * @param uuid      meeting instance uuid (may contain {@code / + =})
     * @param id        meeting number
     * @param topic     meeting topic
     * @param hostEmail host's e-mail
     * @param startTime ISO-8601 start
     * @param duration  minutes
     * @param files     its recording files
     */
    public record Meeting(String uuid, long id, String topic, String hostEmail, Instant startTime, int duration,
                          List<RecordingFile> files) {
    }

    /**
     * One recording file.
     *
     * @param id            file id
     * @param fileType      upper-case, e.g. MP4, M4A, CHAT
     * @param recordingType e.g. shared_screen_with_speaker_view
     * @param fileSize      announced size in bytes
     * @param downloadUrl   the URL to download it from
     */
    public record RecordingFile(String id, String fileType, String recordingType, long fileSize, String downloadUrl) {
    }

    private ZoomWebhooks() {
    }

    public static String recordingCompleted(Meeting meeting, String downloadToken) {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("event", "recording.completed");
        root.put("event_ts", meeting.startTime().plusSeconds(meeting.duration() * 60L + 120).toEpochMilli());
        ObjectNode payload = root.putObject("payload");
        payload.put("account_id", "AcCoUnT-1");
        ObjectNode object = payload.putObject("object");
        object.put("uuid", meeting.uuid());
        object.put("id", meeting.id());
        object.put("account_id", "AcCoUnT-1");
        object.put("host_id", "HoSt-" + meeting.id());
        object.put("host_email", meeting.hostEmail());
        object.put("topic", meeting.topic());
        object.put("type", 2);
        object.put("start_time", meeting.startTime().toString());
        object.put("timezone", "Europe/Berlin");
        object.put("duration", meeting.duration());
        object.put("total_size", meeting.files().stream().mapToLong(RecordingFile::fileSize).sum());
        object.put("recording_count", meeting.files().size());
        object.put("share_url", "https://example.zoom.us/rec/share/abc");
        ArrayNode files = object.putArray("recording_files");
        Instant end = meeting.startTime().plusSeconds(meeting.duration() * 60L);
        for (RecordingFile file : meeting.files()) {
            ObjectNode f = files.addObject();
            f.put("id", file.id());
            f.put("meeting_id", meeting.uuid());
            f.put("recording_start", meeting.startTime().toString());
            f.put("recording_end", end.toString());
            f.put("file_type", file.fileType());
            f.put("file_extension", file.fileType());
            f.put("file_size", file.fileSize());
            f.put("play_url", "https://example.zoom.us/rec/play/" + file.id());
            f.put("download_url", file.downloadUrl());
            f.put("status", "completed");
            f.put("recording_type", file.recordingType());
        }
        root.put("download_token", downloadToken);
        return EventCodec.mapper().writeValueAsString(root);
    }

    public static String urlValidation(String plainToken) {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("event", "endpoint.url_validation");
        root.put("event_ts", System.currentTimeMillis());
        root.putObject("payload").put("plainToken", plainToken);
        return EventCodec.mapper().writeValueAsString(root);
    }

    /** Any other event, e.g. {@code meeting.started}. */
    public static String other(String event) {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("event", event);
        root.put("event_ts", System.currentTimeMillis());
        root.putObject("payload").put("account_id", "AcCoUnT-1").putObject("object").put("id", 1);
        return EventCodec.mapper().writeValueAsString(root);
    }
}
