package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsUnitTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:30:00Z");

    private final RecordingStatusView view = new RecordingStatusView(new StatusViewSettings(100));

    @Test
    void countsFinishedRecordingsAndMovedBytesPerHourAndDurationPercentilesPerStage() {
        finish("two-hours-ago", NOW.minus(Duration.ofHours(2)), 1_000, 100);
        finish("this-hour-a", NOW.minus(Duration.ofMinutes(20)), 2_000, 200);
        finish("this-hour-b", NOW.minus(Duration.ofMinutes(10)), 3_000, 300);
        finish("two-days-ago", NOW.minus(Duration.ofDays(2)), 4_000, 400);

        Charts day = Charts.of(view.summaries(), "24h", NOW);
        assertThat(day.hours()).hasSize(24);
        assertThat(day.hours().get(23)).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(day.finished().get(23)).isEqualTo(2);
        assertThat(day.finished().get(21)).isEqualTo(1);
        assertThat(day.finished().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        // download, archive and stream each moved the file; notify moves none of it
        assertThat(day.bytes().get(23)).isEqualTo(3 * (2_000 + 3_000));
        assertThat(day.durations()).containsOnlyKeys(Stage.DOWNLOAD, Stage.ARCHIVE, Stage.STREAM, Stage.NOTIFY);
        assertThat(day.durations().get(Stage.ARCHIVE)).isEqualTo(new Charts.Percentiles(3, 200, 300, 300, 300));

        Charts week = Charts.of(view.summaries(), "7d", NOW);
        assertThat(week.hours()).hasSize(168);
        assertThat(week.finished().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        assertThat(week.durations().get(Stage.ARCHIVE).count()).isEqualTo(4);
        assertThat(week.durations().get(Stage.ARCHIVE).p50()).isEqualTo(200);
    }

    @Test
    void aRecordingStillRunningCountsItsFinishedStagesOnly() {
        new StatusEvents(view, "running").accepted(NOW.minusSeconds(60))
                .succeeded(Stage.DOWNLOAD, NOW.minusSeconds(50), 5_000, 700);
        Charts day = Charts.of(view.summaries(), "24h", NOW);
        assertThat(day.finished().stream().mapToInt(Integer::intValue).sum()).isZero();
        assertThat(day.bytes().get(23)).isEqualTo(700);
        assertThat(day.durations()).containsOnlyKeys(Stage.DOWNLOAD);
    }

    @Test
    void refusesOtherWindows() {
        assertThatThrownBy(() -> Charts.parseWindow("1y")).hasMessageContaining("24h or 7d");
    }

    /** Through all four stages, each taking {@code millis}, the last one ending at {@code at}. */
    private void finish(String id, Instant at, long bytes, long millis) {
        Instant start = at.minusMillis(4 * millis + 4);
        StatusEvents events = new StatusEvents(view, id).accepted(start);
        Instant next = start.plusMillis(1);
        for (Stage stage : Stage.values()) {
            events.succeeded(stage, next, millis, bytes);
            next = next.plusMillis(millis + 1);
        }
    }
}
