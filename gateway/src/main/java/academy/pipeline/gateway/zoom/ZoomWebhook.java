package academy.pipeline.gateway.zoom;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The parts of a Zoom webhook the gateway reads (docs/external-apis.md §1). Unknown fields are ignored.
 *
 * @param event         e.g. {@code recording.completed}, {@code endpoint.url_validation}
 * @param downloadToken 24 h bearer token for the download URLs; at the root, not in the payload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ZoomWebhook(
        String event,
        @JsonProperty("event_ts") Long eventTs,
        Payload payload,
        @JsonProperty("download_token") String downloadToken) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Payload(
            @JsonProperty("plainToken") String plainToken,
            @JsonProperty("account_id") String accountId,
            @JsonProperty("object") Meeting object) {
    }

    /** The recorded meeting. {@code duration} is in minutes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Meeting(
            String uuid,
            Long id,
            @JsonProperty("host_id") String hostId,
            @JsonProperty("host_email") String hostEmail,
            String topic,
            @JsonProperty("start_time") String startTime,
            Integer duration,
            @JsonProperty("recording_files") List<RecordingFile> recordingFiles) {

        Meeting {
            recordingFiles = recordingFiles == null ? List.of() : List.copyOf(recordingFiles);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordingFile(
            String id,
            @JsonProperty("file_type") String fileType,
            @JsonProperty("file_extension") String fileExtension,
            @JsonProperty("file_size") Long fileSize,
            @JsonProperty("download_url") String downloadUrl,
            String status,
            @JsonProperty("recording_type") String recordingType,
            @JsonProperty("recording_start") String recordingStart,
            @JsonProperty("recording_end") String recordingEnd) {
    }
}
