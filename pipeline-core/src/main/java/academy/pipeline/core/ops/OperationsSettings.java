package academy.pipeline.core.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pipeline.operations.*}: how health and lag are probed.
 *
 * @param kafkaTimeout longest wait for the broker's answer to a health or lag query
 * @param lagRefresh   how long a measured consumer lag is reused before the broker is asked again
 * @param heartbeatInterval how often a stage's service sends its {@link StageHeartbeat}
 */
@ConfigurationProperties("pipeline.operations")
public record OperationsSettings(@DefaultValue("2s") Duration kafkaTimeout, @DefaultValue("10s") Duration lagRefresh,
                                 @DefaultValue("2s") Duration heartbeatInterval) {
}
