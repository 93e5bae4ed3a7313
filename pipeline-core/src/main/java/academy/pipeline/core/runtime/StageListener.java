package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one stage's step for each record of its inbox and retry topics: decode, run the step, publish the
 * result to the next topic, and only then return, so the container commits the offset. A failure is
 * classified and rethrown as {@link FatalStepException} (straight to the DLT) or {@link RetryableStepException}
 * (next retry topic). One instance per stage; the annotation reads its ids from the instance.
 */
public class StageListener {

    private static final Logger log = LoggerFactory.getLogger(StageListener.class);

    private final Stage stage;
    private final StageStep step;
    private final StageRuntimeSettings settings;
    private final EventPublisher events;
    private final StatusPublisher status;
    private final StageMetrics metrics;
    private final Clock clock;
    private final String instanceId;
    private final HaltAfterPublish faults;

    StageListener(Stage stage, StageStep step, StageRuntimeSettings settings, EventPublisher events,
                  StatusPublisher status, StageMetrics metrics, Clock clock, String instanceId, HaltAfterPublish faults) {
        this.instanceId = instanceId;
        this.faults = faults;
        this.stage = stage;
        this.step = step;
        this.settings = settings;
        this.events = events;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Stage getStage() {
        return stage;
    }

    public String getListenerId() {
        return "stage-" + stage.id();
    }

    public String getGroupId() {
        return "recordings-stage-" + stage.id();
    }

    public String getInboxTopic() {
        return stage.inbox();
    }

    public String getMaxPollInterval() {
        return Long.toString(settings.maxPollInterval().toMillis());
    }

    /**
     * With an instance id, static group membership: a restarted instance takes its partitions back at once
     * instead of waiting for the dead member's session to expire. Unique per group is enough, and every
     * listener (main and retry topics) consumes in a group of its own.
     */
    public String getStaticMembership() {
        return instanceId == null || instanceId.isBlank() ? "" : "group.instance.id=" + instanceId + "-" + stage.id();
    }

    @KafkaListener(id = "#{__listener.listenerId}", groupId = "#{__listener.groupId}",
            topics = "#{__listener.inboxTopic}",
            properties = {"max.poll.interval.ms=#{__listener.maxPollInterval}", "max.poll.records=1",
                    "#{__listener.staticMembership}"})
    public void onRecord(ConsumerRecord<String, String> record) {
        int attempt = attemptOf(record);
        MDC.put("recordingId", String.valueOf(record.key()));
        MDC.put("stage", stage.id());
        MDC.put("attempt", Integer.toString(attempt));
        Instant started = clock.instant();
        RunningStep context = null;
        try {
            RecordingEvent in = EventCodec.decodeRecording(record.value());
            context = new RunningStep(in.recordingId(), stage, attempt, settings, status, clock);
            status.publish(StatusEvent.of(in.recordingId(), stage, Transition.RECEIVED, attempt, started).withEvent(in));
            log.info("stage={} attempt={} outcome=received bytes={} from={} offset={}", stage.id(), attempt,
                    sizeOf(in), record.topic(), record.offset());
            status.publish(StatusEvent.of(in.recordingId(), stage, Transition.STARTED, attempt, clock.instant()));
            RecordingEvent out = step.process(in, context);
            events.publish(stage.outbox(), out);
            faults.afterPublish(stage);
            long millis = clock.millis() - started.toEpochMilli();
            Long bytes = out.spooled() == null ? null : out.spooled().size();
            status.publish(StatusEvent.of(in.recordingId(), stage, Transition.SUCCEEDED, attempt, clock.instant())
                    .withDuration(millis).withBytes(bytes, bytes).withEvent(out));
            metrics.finished(stage, Transition.SUCCEEDED, Duration.ofMillis(millis), context.bytesDone());
            log.info("stage={} attempt={} outcome=succeeded duration={}ms bytes={}", stage.id(), attempt, millis,
                    bytes == null ? "-" : bytes);
        } catch (Exception e) {
            throw failed(record, attempt, started, context, e);
        } finally {
            MDC.remove("recordingId");
            MDC.remove("stage");
            MDC.remove("attempt");
        }
    }

    private RuntimeException failed(ConsumerRecord<String, String> record, int attempt, Instant started,
                                    RunningStep context, Exception error) {
        Failure failure = FailureClassifier.classify(error);
        boolean deadLetter = failure.fatal() || attempt >= settings.maxAttempts();
        Transition transition = deadLetter ? Transition.DEAD_LETTERED : Transition.RETRY_SCHEDULED;
        long millis = clock.millis() - started.toEpochMilli();
        String recordingId = String.valueOf(record.key());
        status.publish(StatusEvent.of(recordingId, stage, transition, attempt, clock.instant())
                .withReason(failure.reason()).withDuration(millis)
                .withBytes(context == null ? null : context.bytesDone(), null));
        long bytes = context == null ? 0 : context.bytesDone();
        metrics.finished(stage, transition, Duration.ofMillis(millis), bytes);
        String next = deadLetter
                ? "dead-lettered to " + stage.deadLetterTopic()
                : "retry " + (attempt + 1) + "/" + settings.maxAttempts() + " in " + settings.retryDelays().get(attempt - 1);
        log.warn("stage={} attempt={} outcome={} duration={}ms bytes={} reason=\"{}\" next=\"{}\"", stage.id(),
                attempt, transition.id(), millis, bytes, failure.reason(), next);
        return failure.fatal()
                ? new FatalStepException(failure.reason(), error)
                : new RetryableStepException(failure.reason(), error);
    }

    /** The size the step will move, as far as the event tells: the spooled file, else the source's announcement. */
    private static String sizeOf(RecordingEvent event) {
        if (event.spooled() != null) {
            return Long.toString(event.spooled().size());
        }
        Long expected = event.origin() == null ? null : event.origin().expectedSize();
        return expected == null ? "-" : expected.toString();
    }

    /** The retry-topic machinery counts attempts in a header; the first delivery has none. */
    static int attemptOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
        if (header == null || header.value() == null) {
            return 1;
        }
        byte[] value = header.value();
        if (value.length == Integer.BYTES) {
            return ByteBuffer.wrap(value).getInt();
        }
        try {
            return Integer.parseInt(new String(value, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
