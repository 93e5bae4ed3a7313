package academy.pipeline.core.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
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

    private final Admin admin;
    private final Duration timeout;

    /** @param adminConfig the Kafka admin client settings (bootstrap servers, security) */
    public KafkaProbe(Map<String, Object> adminConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int millis = (int) timeout.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-probe");
        this.admin = Admin.create(config);
        this.timeout = timeout;
    }

    /** @throws Exception when the broker does not answer within the timeout */
    public Cluster cluster() throws Exception {
        DescribeClusterResult result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return new Cluster(await(result.clusterId()), await(result.nodes()).size());
    }

    /**
     * Records of partition 0 of {@code topic} the consumer group has not committed yet: end offset minus the
     * committed offset, or minus the first offset when the group has committed nothing.
     */
    public long waiting(String groupId, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<TopicPartition, OffsetAndMetadata> committed = await(admin
                .listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis()))
                .partitionsToOffsetAndMetadata());
        long end = offset(partition, OffsetSpec.latest());
        OffsetAndMetadata done = committed.get(partition);
        long from = done != null ? done.offset() : offset(partition, OffsetSpec.earliest());
        return Math.max(0, end - from);
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
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
