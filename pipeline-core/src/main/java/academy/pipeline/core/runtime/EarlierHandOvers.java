package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Recognises a duplicate: a record whose recording this stage already handed over after the record was first
 * published to the stage (a redelivery after a crash, or a second copy in a retry topic). Asked only when a try
 * is about to be dead-lettered, so it may read: it looks for the recording's key in the stage's outbox from
 * the moment the record was published to the stage's inbox. An operator's replay is published later than any
 * earlier hand-over, so a replay is never taken for a duplicate.
 */
final class EarlierHandOvers {

    private static final Logger log = LoggerFactory.getLogger(EarlierHandOvers.class);

    private final ConsumerFactory<String, String> consumers;
    private final Duration timeout;

    EarlierHandOvers(ConsumerFactory<String, String> consumers, Duration timeout) {
        this.consumers = consumers;
        this.timeout = timeout;
    }

    /** True when {@code stage}'s outbox holds a record of this recording published since {@code input} reached the stage. */
    boolean exist(Stage stage, ConsumerRecord<?, ?> input) {
        String recordingId = String.valueOf(input.key());
        TopicPartition outbox = new TopicPartition(stage.outbox(), 0);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (Consumer<String, String> consumer = consumers.createConsumer(null, "duplicate-check-", null, overrides)) {
            consumer.assign(List.of(outbox));
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(outbox, publishedToStageAt(input)), timeout)
                    .get(outbox);
            if (from == null) {
                return false;
            }
            consumer.seek(outbox, from.offset());
            long end = consumer.endOffsets(List.of(outbox), timeout).get(outbox);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(outbox, timeout) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (recordingId.equals(record.key())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (RuntimeException e) {
            log.warn("stage={} duplicate check failed, treating the record as new: {}", stage.id(),
                    FailureClassifier.describe(e));
            return false;
        }
    }

    /**
     * When the record first reached the stage: its own timestamp, or for a copy in a retry topic the original's,
     * which the retry machinery keeps in a header.
     */
    static long publishedToStageAt(ConsumerRecord<?, ?> input) {
        long earliest = input.timestamp();
        for (Header header : input.headers().headers(KafkaHeaders.ORIGINAL_TIMESTAMP)) {
            if (header.value() != null && header.value().length == Long.BYTES) {
                earliest = Math.min(earliest, ByteBuffer.wrap(header.value()).getLong());
            }
        }
        return earliest;
    }
}
