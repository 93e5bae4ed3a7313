package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The operator page's pictures ({@code GET /charts?window=24h|7d}), from the recordings the status view holds:
 * per hour, recordings finished and bytes moved; per stage, percentiles of the successful tries' durations.
 *
 * @param window    {@code 24h} or {@code 7d}
 * @param hours     the start of each hour, oldest first; the last one is the current hour
 * @param finished  per hour, recordings the website was told of
 * @param bytes     per hour, bytes the download, archive and stream stages moved (file size per successful try)
 * @param durations per stage with at least one successful try in the window, its duration percentiles
 */
record Charts(String window, List<Instant> hours, List<Integer> finished, List<Long> bytes,
                     Map<Stage, Percentiles> durations) {

    /** Stages whose step moves the file's bytes (notify sends a small JSON). */
    private static final List<Stage> MOVING = List.of(Stage.DOWNLOAD, Stage.ARCHIVE, Stage.STREAM);

    /**
     * Nearest-rank percentiles, in milliseconds.
     *
     * @param count tries measured
     */
    public record Percentiles(int count, long p50, long p90, long p99, long max) {

        static Percentiles of(long[] sorted) {
            return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                    sorted[sorted.length - 1]);
        }

        private static long rank(long[] sorted, int percent) {
            int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)];
        }
    }

    /** @param window 24h or 7d */
    static Duration parseWindow(String window) {
        return switch (window) {
            case "24h" -> Duration.ofHours(24);
            case "7d" -> Duration.ofDays(7);
            default -> throw new IllegalArgumentException("window must be 24h or 7d, not '" + window + "'");
        };
    }

    static Charts of(List<RecordingSummary> recordings, String window, Instant now) {
        int hours = (int) parseWindow(window).toHours();
        Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours - 1L));
        Integer[] finished = new Integer[hours];
        Long[] bytes = new Long[hours];
        Arrays.fill(finished, 0);
        Arrays.fill(bytes, 0L);
        Map<Stage, List<Long>> durations = new EnumMap<>(Stage.class);
        for (RecordingSummary r : recordings) {
            int at = hour(first, r.finishedAt(), hours);
            if (at >= 0) {
                finished[at]++;
            }
            r.stageTimes().forEach((stage, time) -> {
                int hour = hour(first, time.endedAt(), hours);
                if (hour < 0) {
                    return;
                }
                durations.computeIfAbsent(stage, s -> new ArrayList<>()).add(time.durationMs());
                if (r.size() != null && MOVING.contains(stage)) {
                    bytes[hour] += r.size();
                }
            });
        }
        List<Instant> starts = new ArrayList<>(hours);
        for (int i = 0; i < hours; i++) {
            starts.add(first.plus(Duration.ofHours(i)));
        }
        Map<Stage, Percentiles> percentiles = new EnumMap<>(Stage.class);
        durations.forEach((stage, list) ->
                percentiles.put(stage, Percentiles.of(list.stream().mapToLong(Long::longValue).sorted().toArray())));
        return new Charts(window, starts, List.of(finished), List.of(bytes), percentiles);
    }

    /** Index of the hour {@code at} falls in, or -1 outside the window. */
    private static int hour(Instant first, Instant at, int hours) {
        if (at == null || at.isBefore(first)) {
            return -1;
        }
        long index = Duration.between(first, at).toHours();
        return index < hours ? (int) index : -1;
    }
}
