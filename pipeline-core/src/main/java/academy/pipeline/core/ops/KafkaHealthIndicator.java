package academy.pipeline.core.ops;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health component {@code kafka}: UP when the broker describes its cluster within the probe's timeout, DOWN
 * otherwise. It is part of the readiness group, so a service that lost Kafka stops receiving traffic.
 */
class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final KafkaProbe probe;

    public KafkaHealthIndicator(KafkaProbe probe) {
        super("Kafka is not reachable");
        this.probe = probe;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        KafkaProbe.Cluster cluster = probe.cluster();
        builder.up().withDetail("clusterId", cluster.clusterId()).withDetail("nodes", cluster.nodes());
    }
}
