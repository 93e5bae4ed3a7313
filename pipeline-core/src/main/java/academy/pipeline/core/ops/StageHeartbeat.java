package academy.pipeline.core.ops;

import academy.pipeline.core.event.Stage;

import java.time.Instant;
import java.util.Map;

/**
 * What a stage's service says of its consumers every {@code heartbeat-interval}, on the compacted topic
 * {@value #TOPIC} keyed by the stage id (the newest heartbeat is the one that counts). The gateway folds these
 * into the operator page's stage strip; a heartbeat older than a few intervals means the service is silent.
 *
 * @param schema     1
 * @param stage      the stage
 * @param instance   the service instance that sent it ({@code pipeline.instance-id}, else the host name)
 * @param consumer   {@code running} when every listener container of the stage (inbox, retry topics, DLT) runs,
 *                   else {@code stopped}
 * @param containers per topic of the stage (inbox, retry topics, DLT), its listener container
 * @param at         when it was sent, by the sender's clock
 * @param intervalMs how often the sender sends one
 */
public record StageHeartbeat(int schema, Stage stage, String instance, String consumer,
                             Map<String, Container> containers, Instant at, long intervalMs) {

    /**
     * @param group   the consumer group it commits in (what its topic's depth is measured against)
     * @param running whether it runs
     */
    public record Container(String group, boolean running) {
    }

    public static final String TOPIC = "recordings.stages";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    public boolean running() {
        return RUNNING.equals(consumer);
    }
}
