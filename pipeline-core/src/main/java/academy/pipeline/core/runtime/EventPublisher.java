package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes recording events and waits until the broker has them (acks=all), so callers can promise durability. */
public class EventPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final Duration timeout;

    public EventPublisher(KafkaTemplate<String, String> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /**
     * Sends the event keyed by its recordingId and blocks until it is acknowledged.
     *
     * @throws RetryableStepException when the broker did not acknowledge in time
     */
    public void publish(String topic, RecordingEvent event) {
        try {
            kafka.send(topic, event.recordingId(), EventCodec.encode(event)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableStepException("interrupted while publishing " + event.recordingId() + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RetryableStepException("could not publish " + event.recordingId() + " to " + topic + ": "
                    + FailureClassifier.describe(cause), cause);
        }
    }
}
