package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
            throw notPublished(topic, event, cause);
        }
    }

    /**
     * Sends the event keyed by its recordingId without blocking; the future completes when the broker has
     * acknowledged it, or fails with {@link RetryableStepException} when it did not within the publish timeout.
     * Concurrent sends share the producer's batches, so many waiting callers cost one round trip, not one each.
     */
    public CompletableFuture<Void> publishAsync(String topic, RecordingEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            kafka.send(topic, event.recordingId(), EventCodec.encode(event))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((result, error) -> {
                        if (error == null) {
                            acknowledged.complete(null);
                        } else {
                            Throwable cause = error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause() : error;
                            acknowledged.completeExceptionally(notPublished(topic, event, cause));
                        }
                    });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(notPublished(topic, event, e));
        }
        return acknowledged;
    }

    private static RetryableStepException notPublished(String topic, RecordingEvent event, Throwable cause) {
        return new RetryableStepException("could not publish " + event.recordingId() + " to " + topic + ": "
                + FailureClassifier.describe(cause), cause);
    }
}
