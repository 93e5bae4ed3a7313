package academy.pipeline.gateway.status;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.MalformedEventException;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every recording's status, rebuilt from the whole compacted {@code recordings.status} topic at each start
 * (the partition is read from offset 0), so it survives gateway restarts.
 */
public class RecordingStatusView {

    private static final Logger log = LoggerFactory.getLogger(RecordingStatusView.class);

    private final Map<String, RecordingStatus> recordings = new ConcurrentHashMap<>();

    @KafkaListener(id = "gateway-status-view", groupId = "gateway-status-view",
            topicPartitions = @TopicPartition(topic = Topics.STATUS,
                    partitionOffsets = @PartitionOffset(partition = "0", initialOffset = "0")),
            properties = "max.poll.records=500")
    void onStatus(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            apply(EventCodec.decodeStatus(record.value()));
        } catch (MalformedEventException e) {
            log.warn("skipping malformed status record at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    /** Folds one status event into the view. Safe to apply the same event twice. */
    public void apply(StatusEvent status) {
        recordings.compute(status.recordingId(), (id, current) -> fold(current, status));
    }

    public Optional<RecordingStatus> find(String recordingId) {
        return Optional.ofNullable(recordings.get(recordingId));
    }

    /** All recordings, most recently accepted first. */
    public List<RecordingStatus> all() {
        List<RecordingStatus> list = new ArrayList<>(recordings.values());
        list.sort(Comparator.comparing(RecordingStatus::acceptedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return list;
    }

    private static RecordingStatus fold(RecordingStatus current, StatusEvent status) {
        List<StatusEvent> history = current == null ? new ArrayList<>() : new ArrayList<>(current.history());
        if (status.transition() != Transition.PROGRESS) {
            if (history.stream().anyMatch(seen -> seen.key().equals(status.key()))) {
                return current;
            }
            history.add(status);
            history.sort(Comparator.comparing(StatusEvent::at));
        }
        RecordingEvent event = status.event();
        boolean isLatest = current == null || !status.at().isBefore(current.updatedAt());
        boolean progress = status.transition() == Transition.PROGRESS;
        return new RecordingStatus(
                status.recordingId(),
                event != null ? event.source() : current == null ? null : current.source(),
                event != null ? event.title() : current == null ? null : current.title(),
                isLatest ? status.stage() : current.stage(),
                isLatest && !progress ? status.transition() : current == null ? status.transition() : current.state(),
                isLatest ? status.attempt() : current.attempt(),
                status.transition() == Transition.ACCEPTED ? status.at() : current == null ? null : current.acceptedAt(),
                isLatest ? status.at() : current.updatedAt(),
                isLatest && status.reason() != null ? status.reason() : current == null ? null : current.reason(),
                isLatest && status.bytesDone() != null ? status.bytesDone() : current == null ? null : current.bytesDone(),
                isLatest && status.bytesTotal() != null ? status.bytesTotal() : current == null ? null : current.bytesTotal(),
                List.copyOf(history));
    }
}
