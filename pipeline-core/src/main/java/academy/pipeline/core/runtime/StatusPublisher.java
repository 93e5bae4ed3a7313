package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes status events without waiting: status is the operator's view, and a slow broker must not slow
 * a step down. A status record that cannot be sent is logged, never fatal.
 */
public class StatusPublisher {

    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

    private final KafkaTemplate<String, String> kafka;

    public StatusPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    public void publish(StatusEvent status) {
        try {
            kafka.send(Topics.STATUS, status.key(), EventCodec.encode(status)).whenComplete((result, error) -> {
                if (error != null) {
                    log.warn("status {} of {} not published: {}", status.transition().id(), status.recordingId(),
                            FailureClassifier.describe(error));
                }
            });
        } catch (RuntimeException e) {
            log.warn("status {} of {} not published: {}", status.transition().id(), status.recordingId(),
                    FailureClassifier.describe(e));
        }
    }
}
