package academy.pipeline.core.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Short questions to the broker for health and metrics, each answered within {@code timeout} or failed:
 * a probe must say "Kafka is unreachable" quickly rather than hang the health endpoint.
 */
public class KafkaProbe implements AutoCloseable {

    /**
     * @param clusterId the cluster's id
     * @param nodes     how many brokers answered
     */
    public record Cluster(String clusterId, int nodes) {
    }

    /** Larger gaps are reported as offsets rather than counted record by record. */
    private static final long COUNT_UP_TO = 1_000;

    private final Admin admin;
    private final Map<String, Object> consumerConfig;
    private final Duration timeout;
    /** Created on the first count; used under this probe's lock only (a consumer is single-threaded). */
    private KafkaConsumer<byte[], byte[]> consumer;

    /** @param adminConfig the Kafka admin client settings (bootstrap servers, security) */
    public KafkaProbe(Map<String, Object> adminConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int millis = (int) timeout.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-probe");
        this.admin = Admin.create(config);
        this.consumerConfig = new HashMap<>(adminConfig);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-probe-counter");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        this.timeout = timeout;
    }

    /** @throws Exception when the broker does not answer within the timeout */
    public Cluster cluster() throws Exception {
        DescribeClusterResult result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return new Cluster(await(result.clusterId()), await(result.nodes()).size());
    }

    /**
     * Records of partition 0 of {@code topic} the consumer group has not committed yet, from the committed offset
     * (or the first one when the group has committed nothing) to the end of the committed records. Counted by
     * reading, since transaction markers take offsets too (the stages hand over in transactions), unless more than
     * {@value #COUNT_UP_TO} offsets lie between: then the offset gap, an upper bound.
     */
    public long waiting(String groupId, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<TopicPartition, OffsetAndMetadata> committed = await(admin
                .listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis()))
                .partitionsToOffsetAndMetadata());
        long end = offset(partition, OffsetSpec.latest());
        OffsetAndMetadata done = committed.get(partition);
        long from = done != null ? done.offset() : offset(partition, OffsetSpec.earliest());
        long gap = Math.max(0, end - from);
        return gap == 0 || gap > COUNT_UP_TO ? gap : records(partition, from, end);
    }

    /**
     * Records in partition 0 of {@code topic} (a dead-letter topic, say) from its first to its last committed one,
     * counted as {@link #waiting} counts them; 0 when the topic does not exist.
     */
    public long records(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long end;
        long start;
        try {
            end = offset(partition, OffsetSpec.latest());
            start = offset(partition, OffsetSpec.earliest());
        } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            return 0;
        }
        long gap = Math.max(0, end - start);
        return gap == 0 || gap > COUNT_UP_TO ? gap : records(partition, start, end);
    }

    private synchronized long records(TopicPartition partition, long from, long end) throws TimeoutException {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long count = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Kafka did not answer within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() < end) {
                    count++;
                }
            }
        }
        return count;
    }

    private long offset(TopicPartition partition, OffsetSpec spec) throws Exception {
        return await(admin.listOffsets(Map.of(partition, spec), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)
                .timeoutMs((int) timeout.toMillis())).partitionResult(partition)).offset();
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka did not answer within " + timeout);
        }
    }

    @Override
    public synchronized void close() {
        admin.close(Duration.ofSeconds(1));
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }
}
