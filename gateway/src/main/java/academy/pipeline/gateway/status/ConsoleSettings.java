package academy.pipeline.gateway.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pipeline.gateway.console.*}: the operator page's stage strip.
 *
 * @param queueRefresh how often the depths of the stages' inboxes, retry topics and DLTs are asked of Kafka
 * @param silentAfter  a stage whose last heartbeat is older than this is shown silent (red): its service is down,
 *                     hung or cut off from Kafka
 */
@ConfigurationProperties("pipeline.gateway.console")
public record ConsoleSettings(@DefaultValue("5s") Duration queueRefresh, @DefaultValue("10s") Duration silentAfter) {
}
