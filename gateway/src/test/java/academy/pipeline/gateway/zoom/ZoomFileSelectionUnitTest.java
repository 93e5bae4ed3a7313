package academy.pipeline.gateway.zoom;

import academy.pipeline.gateway.zoom.ZoomWebhook.Meeting;
import academy.pipeline.gateway.zoom.ZoomWebhook.RecordingFile;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZoomFileSelectionUnitTest {

    private static final String START = "2026-11-20T09:00:00Z";
    private static final String LATER = "2026-11-20T09:40:00Z";

    @Test
    void byDefaultOneMp4PerSegmentPreferringSharedScreenWithSpeakerView() {
        Meeting meeting = meeting(45,
                file("g1", "MP4", "gallery_view", START, "2026-11-20T09:30:00Z"),
                file("s1", "MP4", "shared_screen_with_speaker_view", START, "2026-11-20T09:30:00Z"),
                file("a1", "M4A", "audio_only", START, "2026-11-20T09:30:00Z"),
                file("c1", "CHAT", "chat_file", START, "2026-11-20T09:30:00Z"),
                file("g2", "MP4", "gallery_view", LATER, "2026-11-20T09:45:00Z"),
                file("v2", "MP4", "speaker_view", LATER, "2026-11-20T09:45:00Z"));

        assertThat(new ZoomFileSelection(settings(List.of(), false, Duration.ZERO)).select(meeting))
                .extracting(RecordingFile::id).containsExactly("s1", "v2");
    }

    @Test
    void everyViewWhenAsked() {
        Meeting meeting = meeting(45,
                file("g1", "MP4", "gallery_view", START, LATER),
                file("s1", "MP4", "shared_screen_with_speaker_view", START, LATER),
                file("a1", "M4A", "audio_only", START, LATER));

        assertThat(new ZoomFileSelection(settings(List.of(), true, Duration.ZERO)).select(meeting))
                .extracting(RecordingFile::id).containsExactly("g1", "s1");
    }

    @Test
    void restrictedRecordingTypesAndIncompleteFilesAreLeftOut() {
        Meeting meeting = meeting(45,
                new RecordingFile("p1", "MP4", "MP4", 10L, "https://zoom.us/rec/p1", "processing", "speaker_view", START, LATER),
                file("g1", "MP4", "gallery_view", START, LATER),
                file("s1", "MP4", "speaker_view", START, LATER));

        assertThat(new ZoomFileSelection(settings(List.of("gallery_view"), false, Duration.ZERO)).select(meeting))
                .extracting(RecordingFile::id).containsExactly("g1");
    }

    @Test
    void recordingsShorterThanTheMinimumAreSkipped() {
        Meeting shortOne = meeting(2, file("s1", "MP4", "speaker_view", START, "2026-11-20T09:01:30Z"));
        Meeting longOne = meeting(30, file("s2", "MP4", "speaker_view", START, "2026-11-20T09:30:00Z"));
        ZoomFileSelection selection = new ZoomFileSelection(settings(List.of(), false, Duration.ofMinutes(5)));

        assertThat(selection.select(shortOne)).isEmpty();
        assertThat(selection.select(longOne)).extracting(RecordingFile::id).containsExactly("s2");
    }

    @Test
    void recordingIdsDependOnlyOnMeetingUuidAndFileIdAndUseTheSafeAlphabet() {
        String id = ZoomRecordingIds.of(85746065L, "/ajXp112QmuoKj4854875==", "f0b5e9a4-2f37");

        assertThat(id).matches("zoom-85746065-[A-Za-z0-9_-]{22}");
        assertThat(ZoomRecordingIds.of(85746065L, "/ajXp112QmuoKj4854875==", "f0b5e9a4-2f37")).isEqualTo(id);
        assertThat(ZoomRecordingIds.of(85746065L, "/ajXp112QmuoKj4854875==", "other-file")).isNotEqualTo(id);
        assertThat(ZoomRecordingIds.of(85746065L, "+ajXp112QmuoKj4854875==", "f0b5e9a4-2f37")).isNotEqualTo(id);
    }

    private static ZoomIntakeSettings settings(List<String> recordingTypes, boolean allViews, Duration minDuration) {
        return new ZoomIntakeSettings("secret", Duration.ofMinutes(5), DataSize.ofKilobytes(64), 16, Duration.ofSeconds(10),
                List.of("MP4"),
                recordingTypes, List.of("shared_screen_with_speaker_view", "speaker_view", "gallery_view"), allViews,
                minDuration);
    }

    private static Meeting meeting(int minutes, RecordingFile... files) {
        return new Meeting("uuid==", 1L, "host", "host@example.com", "Topic", START, minutes, List.of(files));
    }

    private static RecordingFile file(String id, String type, String recordingType, String start, String end) {
        return new RecordingFile(id, type, type, 1000L, "https://zoom.us/rec/webhook_download/" + id, "completed",
                recordingType, start, end);
    }
}
