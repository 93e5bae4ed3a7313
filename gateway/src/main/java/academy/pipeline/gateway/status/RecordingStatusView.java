package academy.pipeline.gateway.status;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.MalformedEventException;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every recording's status, rebuilt from the whole compacted {@code recordings.status} topic at each start
 * (the partition is read from offset 0), so it survives gateway restarts.
 *
 * <p>Memory is bounded twice: each recording keeps at most {@value RecordingHistory#MAX_TRANSITIONS}
 * transitions and one event per stage, and the view keeps at most {@code maxRecordings} recordings,
 * forgetting the longest-finished first (see {@link StatusViewSettings}).
 */
public class RecordingStatusView {

    private static final Logger log = LoggerFactory.getLogger(RecordingStatusView.class);

    /** The pseudo-state of {@link #page}: not finished. */
    public static final String STUCK = "stuck";

    /** Newest first: by acceptance, else by the latest transition for recordings whose accepted record is gone. */
    private static final Comparator<RecordingSummary> NEWEST_FIRST = Comparator.comparing(
            (RecordingSummary s) -> s.acceptedAt() != null ? s.acceptedAt() : s.updatedAt()).reversed()
            .thenComparing(RecordingSummary::recordingId);

    private final Map<String, RecordingHistory> recordings = new ConcurrentHashMap<>();
    /** The offset after the last status record read from the topic; see {@link StatusCatchUp}. */
    private volatile long position;
    private final int maxRecordings;

    public RecordingStatusView(StatusViewSettings settings) {
        this.maxRecordings = settings.maxRecordings();
    }

    @KafkaListener(id = "gateway-status-view", groupId = "gateway-status-view",
            topicPartitions = @TopicPartition(topic = Topics.STATUS,
                    partitionOffsets = @PartitionOffset(partition = "0", initialOffset = "0")),
            properties = "max.poll.records=500")
    void onStatus(ConsumerRecord<String, String> record) {
        try {
            if (record.value() != null) {
                apply(EventCodec.decodeStatus(record.value()));
            }
        } catch (MalformedEventException e) {
            log.warn("skipping malformed status record at offset {}: {}", record.offset(), e.getMessage());
        } finally {
            position = Math.max(position, record.offset() + 1);
        }
    }

    /** The offset after the last record read from {@code recordings.status} since start. */
    long position() {
        return position;
    }

    /** Folds one status event into the view. Safe to apply the same event twice, and in any order. */
    public void apply(StatusEvent status) {
        recordings.compute(status.recordingId(), (id, history) -> {
            RecordingHistory folded = history == null ? new RecordingHistory(id) : history;
            folded.apply(status);
            return folded;
        });
        if (recordings.size() > maxRecordings) {
            evict();
        }
    }

    public Optional<RecordingStatus> find(String recordingId) {
        RecordingStatus[] found = new RecordingStatus[1];
        recordings.computeIfPresent(recordingId, (id, history) -> {
            found[0] = history.status();
            return history;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Every recording's row, newest first. */
    List<RecordingSummary> summaries() {
        List<RecordingSummary> list = new ArrayList<>(recordings.size());
        for (String id : recordings.keySet()) {
            recordings.computeIfPresent(id, (key, history) -> {
                list.add(history.summary());
                return history;
            });
        }
        list.sort(NEWEST_FIRST);
        return list;
    }

    /**
     * One page of the recordings matching the filters, newest first.
     *
     * @param state  a phase ({@code failed}, {@code running}, ...), a transition ({@code dead-lettered}, ...), or
     *               {@value #STUCK} (not finished: queued, running, retrying or failed); null: any
     * @param source null: any
     * @param stage  the stage it is at or waits for ({@link RecordingSummary#waitingAt()}); null: any
     */
    public RecordingPage page(String state, Source source, Stage stage, int page, int size) {
        List<RecordingSummary> matching = summaries().stream()
                .filter(s -> state == null || s.phase().id().equals(state) || s.state().id().equals(state)
                        || STUCK.equals(state) && s.unfinished())
                .filter(s -> source == null || s.source() == source)
                .filter(s -> stage == null || s.waitingAt() == stage)
                .toList();
        int from = (int) Math.min((long) page * size, matching.size());
        int to = Math.min(from + size, matching.size());
        return new RecordingPage(matching.subList(from, to), page, size, matching.size());
    }

    public int size() {
        return recordings.size();
    }

    /** Forgets down to 90 % of the limit: finished recordings first, oldest first, then the least recently updated. */
    private synchronized void evict() {
        int excess = recordings.size() - maxRecordings * 9 / 10;
        if (excess <= 0) {
            return;
        }
        record Candidate(String id, boolean finished, Instant updatedAt) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (RecordingSummary s : summaries()) {
            candidates.add(new Candidate(s.recordingId(), s.phase() == Phase.DONE || s.phase() == Phase.DISCARDED,
                    s.updatedAt()));
        }
        candidates.sort(Comparator.comparing((Candidate c) -> !c.finished()).thenComparing(Candidate::updatedAt));
        candidates.stream().limit(excess).forEach(c -> recordings.remove(c.id()));
        log.info("status view: forgot {} recordings to stay within {} (pipeline.gateway.status.max-recordings)",
                Math.min(excess, candidates.size()), maxRecordings);
    }
}
