package academy.pipeline.core.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingEventCodecTest {

    private static RecordingEvent accepted() {
        return RecordingEvent.accepted("zoom-abc_123", Source.ZOOM, "Lecture 4",
                Map.of("meetingId", "8123", "topic", "Genetics"),
                Origin.ofZoom(new ZoomFile("uuid/1==", "file-1"), "https://us02web.zoom.us/rec/webhook_download/x", "tok",
                        4_000_000_000L, "gmt.mp4", "video/mp4"),
                Instant.parse("2026-11-28T01:00:00Z"));
    }

    private static RecordingEvent complete() {
        return accepted()
                .withSpooled(new SpooledFile("zoom-abc_123/gmt.mp4", 4_000_000_000L, "a".repeat(40), "video/mp4", "gmt.mp4"))
                .withArchive(new ArchivedFile("b2", "recordings", "zoom/2026/11/zoom-abc_123/gmt.mp4", "4_z1", "https://f0.example/x", "a".repeat(40)))
                .withStream(new StreamedVideo("bunny", "42", "guid-1", "https://play/x", "https://embed/x"));
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        RecordingEvent event = complete();

        RecordingEvent decoded = EventCodec.decodeRecording(EventCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.schema()).isEqualTo(RecordingEvent.SCHEMA);
    }

    @Test
    void enumsAndInstantsAreWrittenAsReadableStrings() {
        String json = EventCodec.encode(complete());

        assertThat(json).contains("\"source\":\"zoom\"").contains("\"receivedAt\":\"2026-11-28T01:00:00Z\"");
    }

    @Test
    void anOlderReaderIgnoresFieldsAddedByANewerWriter() {
        String newer = EventCodec.encode(complete())
                .replaceFirst("\\{", "{\"priority\":\"high\",\"thumbnails\":{\"count\":3},")
                .replace("\"size\":4000000000", "\"size\":4000000000,\"duration\":3600");

        RecordingEvent decoded = EventCodec.decodeRecording(newer);

        assertThat(decoded).isEqualTo(complete());
    }

    @Test
    void theZoomMeetingFileIsWrittenAsATypedPartOfTheOrigin() {
        String json = EventCodec.encode(accepted());

        assertThat(json).contains("\"zoom\":{\"meetingUuid\":\"uuid/1==\",\"fileId\":\"file-1\"}");
        assertThat(EventCodec.decodeRecording(json).origin().zoom()).isEqualTo(new ZoomFile("uuid/1==", "file-1"));
    }

    @Test
    void aZoomEventWrittenBeforeTheTypedOriginTakesItFromItsAttributes() {
        String older = "{\"schema\":1,\"recordingId\":\"zoom-old\",\"source\":\"zoom\",\"title\":\"Lecture\","
                + "\"attributes\":{\"meetingUuid\":\"old-uuid\",\"fileId\":\"old-file\",\"topic\":\"Lecture\"},"
                + "\"origin\":{\"url\":\"https://zoom.us/rec/download/x\",\"expectedSize\":10}}";

        RecordingEvent decoded = EventCodec.decodeRecording(older);

        assertThat(decoded.origin().zoom()).isEqualTo(new ZoomFile("old-uuid", "old-file"));
        assertThat(decoded.attributes()).containsEntry("topic", "Lecture");
    }

    @Test
    void onlyZoomEventsGetAZoomOrigin() {
        RecordingEvent manual = RecordingEvent.accepted("manual-1", Source.MANUAL, "Upload",
                Map.of("meetingUuid", "u", "fileId", "f"), Origin.ofPath("/data/tus/x", 1L, "x.mp4", null), Instant.now());

        assertThat(manual.origin().zoom()).isNull();
    }

    @Test
    void aRecordThatBreaksTheContractIsRejectedAsMalformed() {
        assertThatThrownBy(() -> EventCodec.decodeRecording("{\"schema\":1,\"recordingId\":\"../etc\",\"source\":\"zoom\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("invalid recordingId");
        assertThatThrownBy(() -> EventCodec.decodeRecording("not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decodeRecording("{\"schema\":1,\"recordingId\":\"x\"}"))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void theDownloadTokenNeverAppearsInToStringOrStatus() {
        RecordingEvent event = accepted();

        assertThat(event.toString()).doesNotContain("tok,").contains("token=***");
        StatusEvent status = StatusEvent.of(event.recordingId(), Stage.DOWNLOAD, Transition.RECEIVED, 1, Instant.now())
                .withEvent(event);
        assertThat(EventCodec.encode(status)).doesNotContain("\"token\"");
    }

    @Test
    void theDownloadTokenIsDroppedOnceTheFileIsSpooled() {
        RecordingEvent spooled = accepted().withSpooled(
                new SpooledFile("zoom-abc_123/gmt.mp4", 4_000_000_000L, "a".repeat(40), "video/mp4", "gmt.mp4"));

        assertThat(spooled.origin().token()).isNull();
        assertThat(spooled.origin().url()).isEqualTo("https://us02web.zoom.us/rec/webhook_download/x");
        assertThat(EventCodec.encode(spooled)).doesNotContain("\"token\"").doesNotContain("tok\"");
    }

    @Test
    void statusKeysKeepOneRecordPerTransitionAndAttempt() {
        StatusEvent first = StatusEvent.of("r1", Stage.ARCHIVE, Transition.PROGRESS, 2, Instant.now());
        StatusEvent later = StatusEvent.of("r1", Stage.ARCHIVE, Transition.PROGRESS, 2, Instant.now()).withBytes(10L, 20L);

        assertThat(first.key()).isEqualTo(later.key()).isEqualTo("r1/archive/2/progress");
        assertThat(StatusEvent.of("r1", Stage.ARCHIVE, Transition.RETRY_SCHEDULED, 2, Instant.now()).key())
                .isEqualTo("r1/archive/2/retry-scheduled");
    }
}
