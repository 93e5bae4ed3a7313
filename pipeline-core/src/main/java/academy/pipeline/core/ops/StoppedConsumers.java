package academy.pipeline.core.ops;

import academy.pipeline.core.event.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health component {@code consumers}: DOWN once a listener container of this service stopped for any reason
 * but a normal shutdown. spring-kafka stops a container for good when a listener throws an {@link Error} (or
 * its instance is fenced, or authorisation fails), and nothing restarts it: the process would stay up and
 * consume nothing. So the stopped container's stage is reported DOWN (overall, readiness and liveness), and the
 * process exits with status 1 ({@link ProcessExit}) so that its supervisor (compose {@code restart:}, systemd,
 * Kubernetes) starts it again; the record in hand was not committed and is delivered again after the restart.
 */
public class StoppedConsumers extends AbstractHealthIndicator implements ApplicationListener<ConsumerStoppedEvent> {

    /** Exit status of a service whose consumer stopped. */
    public static final int EXIT_STATUS = 1;

    private static final Logger log = LoggerFactory.getLogger(StoppedConsumers.class);

    private final ConfigurableApplicationContext context;
    private final ProcessExit exit;
    private final Map<String, String> stopped = new ConcurrentHashMap<>();

    public StoppedConsumers(ConfigurableApplicationContext context, ProcessExit exit) {
        super("consumers not checked");
        this.context = context;
        this.exit = exit;
    }

    @Override
    public void onApplicationEvent(ConsumerStoppedEvent event) {
        if (event.getReason() == ConsumerStoppedEvent.Reason.NORMAL || !context.isActive()) {
            return;
        }
        String name = nameOf(event);
        if (stopped.putIfAbsent(name, event.getReason().name().toLowerCase(java.util.Locale.ROOT)) != null) {
            return;
        }
        log.error("consumer={} outcome=stopped reason={} next=\"service exits with status {} to be restarted\"", name,
                event.getReason(), EXIT_STATUS);
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
        // Not on the consumer's thread: closing the context stops the containers, and waits for that thread.
        Thread exiting = new Thread(() -> exit.exit(EXIT_STATUS), "exit-after-stopped-consumer");
        exiting.start();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (stopped.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("stopped", Map.copyOf(stopped));
        }
    }

    /** The stage whose topics the container consumed, else its listener id. */
    private static String nameOf(ConsumerStoppedEvent event) {
        MessageListenerContainer container = event.getContainer(MessageListenerContainer.class);
        String[] topics = container.getContainerProperties().getTopics();
        if (topics != null) {
            for (String topic : topics) {
                Stage stage = Stage.ofTopic(topic);
                if (stage != null) {
                    return stage.id();
                }
            }
        }
        return String.valueOf(container.getListenerId());
    }
}
