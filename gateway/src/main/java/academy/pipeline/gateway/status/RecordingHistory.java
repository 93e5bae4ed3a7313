package academy.pipeline.gateway.status;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The status events of one recording, folded. Transitions are kept by their compaction key
 * ({@link StatusEvent#key()}), the newer one winning, exactly as the compacted topic keeps them; so a replay,
 * which starts again at attempt 1, replaces the earlier run's records of the same stage and attempt. Events
 * are not kept in the history, only the last one handed to each stage ({@link RecordingStatus#inputs()}).
 * At most {@value #MAX_TRANSITIONS} transitions are kept, the oldest dropped first.
 *
 * <p>Not thread-safe: the view serialises access per recording.
 */
final class RecordingHistory {

    /** Enough for 4 stages x 6 tries x 4 transitions plus replays; see docs/operations.md. */
    static final int MAX_TRANSITIONS = 200;

    /** Time first; within the same instant, the order in which transitions happen. */
    static final Comparator<StatusEvent> CHRONOLOGICAL = Comparator.comparing(StatusEvent::at)
            .thenComparing(StatusEvent::stage)
            .thenComparingInt(RecordingHistory::rank);

    /** The last event handed to a stage, kept as compact JSON: it is read only for a replay or the detail view. */
    private record Input(StatusEvent handedOver, byte[] json) {
        RecordingEvent event() {
            return EventCodec.decodeRecording(new String(json, StandardCharsets.UTF_8));
        }
    }

    private final String recordingId;
    /** One per compaction key; a list, not a map, to spare a key string per transition. */
    private final List<StatusEvent> transitions = new ArrayList<>();
    private final Map<Stage, Input> inputs = new EnumMap<>(Stage.class);
    private StatusEvent progress;
    private Source source;
    private String title;
    private RecordingSummary summary;

    RecordingHistory(String recordingId) {
        this.recordingId = recordingId;
    }

    /** Folds one event in; returns false when it changed nothing (seen already, or older than what is kept). */
    boolean apply(StatusEvent status) {
        boolean changed = false;
        RecordingEvent event = status.event();
        if (event != null) {
            source = event.source();
            title = event.title();
            changed = rememberInput(status, event);
        }
        StatusEvent bare = bare(status);
        if (status.transition() == Transition.PROGRESS) {
            if (progress == null || CHRONOLOGICAL.compare(bare, progress) > 0) {
                progress = bare;
                changed = true;
            }
        } else {
            int kept = indexOfKey(bare);
            if (kept < 0) {
                transitions.add(bare);
                trim();
                changed = true;
            } else if (CHRONOLOGICAL.compare(bare, transitions.get(kept)) > 0) {
                transitions.set(kept, bare);
                changed = true;
            }
        }
        if (changed || summary == null) {
            summary = build(Map.of()).summary();
        }
        return changed;
    }

    /** Without its event, and sharing this history's id string: thousands of recordings are kept. */
    private StatusEvent bare(StatusEvent status) {
        return new StatusEvent(status.schema(), recordingId, status.stage(), status.transition(), status.attempt(),
                status.at(), status.reason(), status.bytesDone(), status.bytesTotal(), status.durationMs(), null);
    }

    private int indexOfKey(StatusEvent status) {
        for (int i = 0; i < transitions.size(); i++) {
            StatusEvent kept = transitions.get(i);
            if (kept.stage() == status.stage() && kept.attempt() == status.attempt()
                    && kept.transition() == status.transition()) {
                return i;
            }
        }
        return -1;
    }

    /** A received or replayed event is the stage's own input; a succeeded one is the next stage's. */
    private boolean rememberInput(StatusEvent status, RecordingEvent event) {
        Stage stage = switch (status.transition()) {
            case ACCEPTED, RECEIVED, REPLAYED -> status.stage();
            case SUCCEEDED -> next(status.stage());
            default -> null;
        };
        Input kept = stage == null ? null : inputs.get(stage);
        if (stage == null || kept != null && CHRONOLOGICAL.compare(status, kept.handedOver()) <= 0) {
            return false;
        }
        inputs.put(stage, new Input(bare(status), EventCodec.encode(event).getBytes(StandardCharsets.UTF_8)));
        return true;
    }

    private void trim() {
        if (transitions.size() > MAX_TRANSITIONS) {
            transitions.stream().min(CHRONOLOGICAL).ifPresent(transitions::remove);
        }
    }

    /** The list row, kept up to date as events arrive. */
    RecordingSummary summary() {
        return summary;
    }

    /** The whole status, built on each call (the detail view and operator actions are rare). */
    RecordingStatus status() {
        Map<Stage, RecordingEvent> events = new EnumMap<>(Stage.class);
        inputs.forEach((stage, input) -> events.put(stage, input.event()));
        return build(events);
    }

    private RecordingStatus build(Map<Stage, RecordingEvent> events) {
        List<StatusEvent> history = inRunOrder(transitions);
        StatusEvent latest = latestStanding(history);
        Phase phase = Phase.of(latest.stage(), latest.transition());
        Instant acceptedAt = null;
        String lastError = null;
        for (StatusEvent event : history) {
            if (event.transition() == Transition.ACCEPTED && acceptedAt == null) {
                acceptedAt = event.at();
            }
            if (event.transition() == Transition.RETRY_SCHEDULED || event.transition() == Transition.DEAD_LETTERED) {
                lastError = event.reason();
            }
        }
        List<Attempt> attempts = attempts(history);
        boolean failedNow = latest.transition() == Transition.RETRY_SCHEDULED
                || latest.transition() == Transition.DEAD_LETTERED;
        Progress running = runningProgress(latest, phase);
        return new RecordingStatus(recordingId, source, title, latest.stage(), latest.transition(), phase,
                latest.attempt(), acceptedAt, latest.at(), failedNow ? latest.reason() : null, lastError,
                running, attempts.size(), attempts, List.copyOf(history), Map.copyOf(events),
                size(attempts, running), stageTimes(attempts), phase == Phase.DONE ? latest.at() : null);
    }

    /** The file's size as the stages reported it: what a successful try moved, else the running transfer's total. */
    private static Long size(List<Attempt> attempts, Progress running) {
        Long size = null;
        for (Attempt a : attempts) {
            if (a.bytesTotal() != null && (size == null || a.bytesTotal() > size)) {
                size = a.bytesTotal();
            }
        }
        return size != null ? size : running == null ? null : running.bytesTotal();
    }

    /** Per stage, its latest successful try. */
    private static Map<Stage, StageTime> stageTimes(List<Attempt> attempts) {
        Map<Stage, StageTime> times = new EnumMap<>(Stage.class);
        for (Attempt a : attempts) {
            if ("succeeded".equals(a.outcome()) && a.durationMs() != null && a.endedAt() != null) {
                times.put(a.stage(), new StageTime(a.durationMs(), a.endedAt()));
            }
        }
        return times.isEmpty() ? Map.of() : Collections.unmodifiableMap(times);
    }

    /**
     * Orders transitions as they happened, which timestamps alone do not: a stage stamps "succeeded" after it
     * published its result, so the next stage may stamp "received" a little earlier. Within one run (from the
     * accepted or a replayed transition to the next replay) a later stage's transitions therefore come after an
     * earlier stage's; runs, and tries within a stage, follow each other in time.
     */
    static List<StatusEvent> inRunOrder(java.util.Collection<StatusEvent> transitions) {
        List<Instant> replays = transitions.stream()
                .filter(t -> t.transition() == Transition.REPLAYED)
                .map(StatusEvent::at).sorted().toList();
        Comparator<StatusEvent> order = Comparator.comparingInt((StatusEvent t) -> run(t, replays))
                .thenComparing(StatusEvent::stage)
                .thenComparing(CHRONOLOGICAL);
        List<StatusEvent> sorted = new ArrayList<>(transitions);
        sorted.sort(order);
        return sorted;
    }

    /** 0 for the first run, n for the run the n-th replay started. */
    private static int run(StatusEvent transition, List<Instant> replays) {
        if (transition.transition() == Transition.ACCEPTED) {
            return 0;
        }
        int run = 0;
        while (run < replays.size() && !replays.get(run).isAfter(transition.at())) {
            run++;
        }
        return run;
    }

    /**
     * The transition that says where the recording stands: the latest, passing over duplicates (a redelivered
     * record the stage had handed on already) with the received/started of their own try, so that a duplicate
     * never moves a recording back, not even a finished one.
     */
    private StatusEvent latestStanding(List<StatusEvent> history) {
        List<StatusEvent> duplicates = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            StatusEvent event = history.get(i);
            if (event.transition() == Transition.DUPLICATE) {
                duplicates.add(event);
            } else if (!openedBy(event, duplicates)) {
                return event;
            }
        }
        return history.isEmpty() ? progress : history.get(history.size() - 1);
    }

    private static boolean openedBy(StatusEvent event, List<StatusEvent> duplicates) {
        return (event.transition() == Transition.RECEIVED || event.transition() == Transition.STARTED)
                && duplicates.stream().anyMatch(d -> d.stage() == event.stage() && d.attempt() == event.attempt()
                && !event.at().isAfter(d.at()));
    }

    /** Progress counts only while the try it belongs to is the one running. */
    private Progress runningProgress(StatusEvent latest, Phase phase) {
        if (progress == null || phase != Phase.RUNNING || progress.stage() != latest.stage()
                || progress.attempt() != latest.attempt() || progress.at().isBefore(latest.at())
                || progress.bytesDone() == null) {
            return null;
        }
        return Progress.of(progress.bytesDone(), progress.bytesTotal(), progress.at(), latest.at());
    }

    /** Tries in order: a received opens one, the next succeeded/retry/dead-letter of that stage and attempt closes it. */
    private List<Attempt> attempts(List<StatusEvent> history) {
        List<Attempt> attempts = new ArrayList<>();
        for (StatusEvent event : history) {
            switch (event.transition()) {
                case RECEIVED -> attempts.add(new Attempt(event.stage(), event.attempt(), event.at(), null, "running",
                        null, null, null, null));
                case SUCCEEDED, RETRY_SCHEDULED, DEAD_LETTERED, DUPLICATE -> {
                    int open = openAttempt(attempts, event);
                    Instant startedAt = open >= 0 ? attempts.get(open).startedAt()
                            : event.durationMs() == null ? event.at() : event.at().minusMillis(event.durationMs());
                    Attempt closed = new Attempt(event.stage(), event.attempt(), startedAt, event.at(),
                            event.transition().id(), event.reason(), event.durationMs(), event.bytesDone(),
                            event.bytesTotal());
                    if (open >= 0) {
                        attempts.set(open, closed);
                    } else {
                        attempts.add(closed);
                    }
                }
                default -> {
                }
            }
        }
        if (progress != null) {
            int open = openAttempt(attempts, progress);
            if (open >= 0) {
                Attempt running = attempts.get(open);
                attempts.set(open, new Attempt(running.stage(), running.attempt(), running.startedAt(), null,
                        "running", null, null, progress.bytesDone(), progress.bytesTotal()));
            }
        }
        return List.copyOf(attempts);
    }

    private static int openAttempt(List<Attempt> attempts, StatusEvent event) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt a = attempts.get(i);
            if (a.stage() == event.stage() && a.attempt() == event.attempt()) {
                return a.endedAt() == null ? i : -1;
            }
        }
        return -1;
    }

    private static Stage next(Stage stage) {
        Stage[] stages = Stage.values();
        return stage.ordinal() + 1 < stages.length ? stages[stage.ordinal() + 1] : null;
    }

    /** Gateway transitions come before a stage's own at the same instant; a step's end comes after its start. */
    private static int rank(StatusEvent event) {
        return switch (event.transition()) {
            case ACCEPTED, REPLAYED -> 0;
            case RECEIVED -> 1;
            case STARTED -> 2;
            case PROGRESS -> 3;
            case SUCCEEDED, RETRY_SCHEDULED, DEAD_LETTERED, DUPLICATE -> 4;
            case DISCARDED -> 5;
        };
    }
}
