package academy.pipeline.gateway.status;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;

/**
 * Heap the status view holds per recording. Not a test: run by {@code bench/status-view-memory.sh}.
 * Each recording goes through all four stages once (accepted, then received, started, progress and succeeded
 * with events at each stage), like a recording that went through without trouble, or with one failed try per
 * stage when {@code failing} is given.
 */
public final class StatusViewMemoryBench {

    public static void main(String[] args) {
        int recordings = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        boolean failing = args.length > 1 && args[1].equals("failing");
        // Warm up first, so the classes and JSON metadata this loads are not counted as the view's.
        fill(new RecordingStatusView(new StatusViewSettings(10)), 10, failing);
        long before = usedHeap();
        RecordingStatusView view = new RecordingStatusView(new StatusViewSettings(recordings));
        fill(view, recordings, failing);
        long after = usedHeap();
        System.out.printf("recordings=%d failing=%s view-heap=%.1f MB per-recording=%.1f KB%n", view.size(), failing,
                (after - before) / 1e6, (after - before) / 1024.0 / view.size());
    }

    private static void fill(RecordingStatusView view, int recordings, boolean failing) {
        Instant t0 = Instant.parse("2026-01-05T10:00:00Z");
        for (int i = 0; i < recordings; i++) {
            String id = "custom-20260105-100000-" + Integer.toHexString(0x10000000 + i);
            Instant t = t0.plusSeconds(i);
            RecordingEvent event = RecordingEvent.accepted(id, Source.CUSTOM, "Course recording number " + i,
                    Map.of("course", "bio-101", "lesson", Integer.toString(i)),
                    Origin.ofPath("/srv/pipeline/incoming/recording-" + i + ".mp4", 4_000_000_000L,
                            "recording-" + i + ".mp4", "video/mp4"), t);
            apply(view, StatusEvent.of(id, Stage.DOWNLOAD, Transition.ACCEPTED, 0, t).withEvent(event));
            long ms = 0;
            for (Stage stage : Stage.values()) {
                int attempt = 1;
                if (failing) {
                    apply(view, StatusEvent.of(id, stage, Transition.RECEIVED, attempt, t.plusMillis(++ms)).withEvent(event));
                    apply(view, StatusEvent.of(id, stage, Transition.STARTED, attempt, t.plusMillis(++ms)));
                    apply(view, StatusEvent.of(id, stage, Transition.RETRY_SCHEDULED, attempt, t.plusMillis(++ms))
                            .withReason("Connection reset by peer while uploading part 17").withDuration(1_000));
                    attempt++;
                }
                apply(view, StatusEvent.of(id, stage, Transition.RECEIVED, attempt, t.plusMillis(++ms)).withEvent(event));
                apply(view, StatusEvent.of(id, stage, Transition.STARTED, attempt, t.plusMillis(++ms)));
                apply(view, StatusEvent.of(id, stage, Transition.PROGRESS, attempt, t.plusMillis(++ms))
                        .withBytes(2_000_000_000L, 4_000_000_000L));
                event = enrich(event, stage);
                apply(view, StatusEvent.of(id, stage, Transition.SUCCEEDED, attempt, t.plusMillis(++ms))
                        .withDuration(60_000).withBytes(4_000_000_000L, 4_000_000_000L).withEvent(event));
            }
            view.find(id);
        }
    }

    /** As the view gets it from the topic: decoded from JSON, so nothing is shared between records. */
    private static void apply(RecordingStatusView view, StatusEvent status) {
        view.apply(EventCodec.decodeStatus(EventCodec.encode(status)));
    }

    private static RecordingEvent enrich(RecordingEvent event, Stage stage) {
        return switch (stage) {
            case DOWNLOAD -> event.withSpooled(new SpooledFile(event.recordingId() + "/recording.mp4", 4_000_000_000L,
                    "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "video/mp4", "recording.mp4"));
            case ARCHIVE -> event.withArchive(new ArchivedFile("b2", "academy-recordings", "2026/01/"
                    + event.recordingId() + "/recording.mp4",
                    "4_z27c88f1d182b150646ff0b16_f200ec6a_d20260105_m100000_c002_v0001096_t0010",
                    "https://f002.backblazeb2.com/file/academy-recordings/2026/01/recording.mp4",
                    "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"));
            default -> event;
        };
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
