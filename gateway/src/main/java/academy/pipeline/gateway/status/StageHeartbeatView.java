package academy.pipeline.gateway.status;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.MalformedEventException;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.ops.StageHeartbeat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link StageHeartbeat} of each stage, read from the compacted {@value StageHeartbeat#TOPIC} from its
 * start, so a restarted gateway knows at once which stages were last heard of, and when.
 */
class StageHeartbeatView {

    private static final Logger log = LoggerFactory.getLogger(StageHeartbeatView.class);

    private final Map<Stage, StageHeartbeat> latest = new ConcurrentHashMap<>();

    @KafkaListener(id = "gateway-stage-view", groupId = "gateway-stage-view",
            topicPartitions = @TopicPartition(topic = StageHeartbeat.TOPIC,
                    partitionOffsets = @PartitionOffset(partition = "0", initialOffset = "0")))
    void onHeartbeat(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            apply(EventCodec.decode(record.value(), StageHeartbeat.class));
        } catch (MalformedEventException e) {
            log.warn("skipping malformed heartbeat at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    /** Keeps the heartbeat unless a newer one of its stage is kept already. */
    void apply(StageHeartbeat heartbeat) {
        if (heartbeat.stage() == null || heartbeat.at() == null) {
            return;
        }
        latest.merge(heartbeat.stage(), heartbeat, (kept, now) -> now.at().isBefore(kept.at()) ? kept : now);
    }

    Optional<StageHeartbeat> of(Stage stage) {
        return Optional.ofNullable(latest.get(stage));
    }
}
