package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.ops.StageHeartbeat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the {@link Overview} together from what the gateway already holds: the status view (counts, what each
 * stage has in hand, what failed there), the stages' heartbeats (consumer running) and the queue depths. Nothing
 * here calls a stage, so it works the same in standalone and with the stages as services of their own.
 */
class StageStrip {

    private final RecordingStatusView view;
    private final StatusCatchUp catchUp;
    private final StageHeartbeatView heartbeats;
    private final QueueDepths queues;
    private final Duration silentAfter;
    private final Clock clock;

    public StageStrip(RecordingStatusView view, StatusCatchUp catchUp, StageHeartbeatView heartbeats,
                      QueueDepths queues, Duration silentAfter, Clock clock) {
        this.view = view;
        this.catchUp = catchUp;
        this.heartbeats = heartbeats;
        this.queues = queues;
        this.silentAfter = silentAfter;
        this.clock = clock;
    }

    public Overview overview() {
        List<RecordingSummary> recordings = view.summaries();
        Map<Phase, Integer> counts = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            counts.put(phase, 0);
        }
        Map<Stage, List<Overview.InHand>> inHand = new EnumMap<>(Stage.class);
        Map<Stage, Integer> failed = new EnumMap<>(Stage.class);
        for (RecordingSummary r : recordings) {
            counts.merge(r.phase(), 1, Integer::sum);
            if (r.phase() == Phase.RUNNING) {
                inHand.computeIfAbsent(r.stage(), s -> new ArrayList<>())
                        .add(new Overview.InHand(r.recordingId(), r.title(), r.attempt(), r.progress()));
            } else if (r.phase() == Phase.FAILED) {
                failed.merge(r.stage(), 1, Integer::sum);
            }
        }
        Instant now = clock.instant();
        List<Overview.StageTile> tiles = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            tiles.add(tile(stage, now, inHand.getOrDefault(stage, List.of()), failed.getOrDefault(stage, 0)));
        }
        boolean caughtUp = catchUp.caughtUp();
        return new Overview(now, counts,
                new Overview.GatewayTile(caughtUp, catchUp.progress(), recordings.size(), !caughtUp), tiles);
    }

    /** The tile of one stage; also what the gateway's stage gauges read. */
    Overview.StageTile tile(Stage stage, Instant now, List<Overview.InHand> inHand, int failed) {
        StageHeartbeat heartbeat = heartbeats.of(stage).orElse(null);
        String consumer = consumer(heartbeat, now);
        QueueDepths.StageQueues depth = queues.of(stage);
        List<String> why = new ArrayList<>();
        switch (consumer) {
            case "stopped" -> why.add("consumer stopped: " + String.join(", ", stoppedTopics(heartbeat)));
            case "silent" -> why.add("no heartbeat for " + Duration.between(heartbeat.at(), now).toSeconds()
                    + " s: the service is down, hung or cut off from Kafka");
            case "unknown" -> why.add("never heard of: no service runs this stage");
            default -> {
            }
        }
        if (failed > 0) {
            why.add(failed + (failed == 1 ? " recording waits" : " recordings wait")
                    + " in the DLT for a replay or discard");
        }
        return new Overview.StageTile(stage, consumer, heartbeat == null ? null : heartbeat.instance(),
                heartbeat == null ? null : heartbeat.at(), List.copyOf(inHand), depth.inbox(), depth.retries(),
                depth.retrying(), depth.dlt(), failed, !why.isEmpty(), List.copyOf(why), depth.problem());
    }

    private String consumer(StageHeartbeat heartbeat, Instant now) {
        if (heartbeat == null) {
            return "unknown";
        }
        if (heartbeat.at().plus(silentAfter).isBefore(now)) {
            return "silent";
        }
        return heartbeat.running() ? StageHeartbeat.RUNNING : StageHeartbeat.STOPPED;
    }

    private static List<String> stoppedTopics(StageHeartbeat heartbeat) {
        List<String> stopped = new ArrayList<>();
        heartbeat.containers().forEach((topic, container) -> {
            if (!container.running()) {
                stopped.add(topic);
            }
        });
        return stopped.isEmpty() ? List.of("no listener container") : stopped.stream().sorted().toList();
    }
}
