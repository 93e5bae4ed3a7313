package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stage's hand-over in one Kafka transaction: the result record on the next topic and the input record's
 * offset (of the inbox or retry topic it came from, for the consumer group that read it) commit together or not
 * at all. Consumers read {@code read_committed}, so a process that dies before the commit leaves nothing the next
 * stage can see, and its input is delivered again.
 *
 * <p>The transaction begins only after the step's side effect: Kafka starts a transaction's clock
 * ({@code transaction.timeout.ms}) with its first send, so a step of hours never meets it. Status events are
 * not part of it; they go through the service's ordinary producer.
 *
 * <p>One transactional producer per stage and process, {@code transactional.id = <instance>-<stage>-handover-0}:
 * a restarted process with the same {@code pipeline.instance-id} aborts at once what its predecessor left open
 * ({@link #warmUp()}); otherwise the broker aborts it after {@code transaction.timeout.ms} (60 s).
 */
final class HandOver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HandOver.class);

    private final DefaultKafkaProducerFactory<String, String> producers;
    private final KafkaTemplate<String, String> kafka;
    private final Duration timeout;

    HandOver(ProducerFactory<String, String> base, String transactionalIdPrefix, Duration timeout) {
        this.producers = (DefaultKafkaProducerFactory<String, String>) base.copyWithConfigurationOverride(Map.of());
        producers.setTransactionIdPrefix(transactionalIdPrefix);
        // one step at a time per stage (StageListener's slot), so one producer and always the same id
        producers.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(1));
        this.kafka = new KafkaTemplate<>(producers);
        this.timeout = timeout;
    }

    /**
     * Publishes {@code result} to {@code topic} and commits {@code input}'s offset for {@code group}, atomically.
     * {@code beforeCommit} runs after both are sent and before the commit (a test's fault injection point).
     *
     * @throws RetryableStepException when the transaction could not be committed; nothing of it is visible
     */
    void publish(String topic, RecordingEvent result, ConsumerRecord<?, ?> input, ConsumerGroupMetadata group,
                 Runnable beforeCommit) {
        TopicPartition from = new TopicPartition(input.topic(), input.partition());
        try {
            kafka.executeInTransaction(ops -> {
                await(ops.send(topic, result.recordingId(), EventCodec.encode(result)));
                ops.sendOffsetsToTransaction(Map.of(from, new OffsetAndMetadata(input.offset() + 1)), group);
                beforeCommit.run();
                return null;
            });
        } catch (RetryableStepException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RetryableStepException("could not hand " + result.recordingId() + " over to " + topic + ": "
                    + FailureClassifier.describe(e), e);
        }
    }

    private void await(CompletableFuture<?> sent) {
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableStepException("interrupted while handing over", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RetryableStepException("hand-over not acknowledged: " + FailureClassifier.describe(cause), cause);
        }
    }

    /**
     * Creates the producer now rather than at the first hand-over: its {@code initTransactions} aborts a
     * transaction a killed predecessor left open, which would otherwise hold back the next stage's
     * {@code read_committed} consumer and this stage's own committed offset until it times out.
     */
    void warmUp() {
        try {
            producers.createProducer().close();
        } catch (RuntimeException e) {
            log.warn("hand-over producer {} not initialised yet: {}", producers.getTransactionIdPrefix(),
                    FailureClassifier.describe(e));
        }
    }

    @Override
    public void close() {
        producers.destroy();
    }
}
