package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one stage's step for each record of its inbox and retry topics: decode, run the step, then hand the
 * result over ({@link HandOver}: the result on the next topic and the input's offset, in one Kafka transaction).
 * A failure is classified and rethrown as {@link FatalStepException} (straight to the DLT) or
 * {@link RetryableStepException} (next retry topic), unless the stage had already handed the recording over
 * since the record reached it: then the try is a duplicate and is acknowledged ({@link EarlierHandOvers}).
 * An {@link Error} is reported in a status event and rethrown: spring-kafka then stops the container, and
 * {@code academy.pipeline.core.ops.StoppedConsumers} takes the service down for a restart. A step that fails
 * once the service is stopping is not a failed attempt: {@link StepInterruptedByShutdownException} leaves the
 * record uncommitted for the next start.
 *
 * <p>One instance per stage, shared by the stage's inbox container and its retry-topic containers; it runs one
 * step at a time (the others wait for the slot), as the design promises one step per stage. The annotation reads
 * its ids from the instance.
 */
public class StageListener implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StageListener.class);

    private final Stage stage;
    private final StageStep step;
    private final StageRuntimeSettings settings;
    private final HandOver handOver;
    private final EarlierHandOvers earlierHandOvers;
    private final StatusPublisher status;
    private final StageMetrics metrics;
    private final Clock clock;
    private final String instanceId;
    private final HaltAfterPublish faults;
    /** Fair: a container that waited gets the slot before the one that just released it takes the next record. */
    private final ReentrantLock slot = new ReentrantLock(true);
    private volatile boolean running;

    StageListener(Stage stage, StageStep step, StageRuntimeSettings settings, HandOver handOver,
                  EarlierHandOvers earlierHandOvers, StatusPublisher status, StageMetrics metrics, Clock clock,
                  String instanceId, HaltAfterPublish faults) {
        this.stage = stage;
        this.step = step;
        this.settings = settings;
        this.handOver = handOver;
        this.earlierHandOvers = earlierHandOvers;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
        this.instanceId = instanceId;
        this.faults = faults;
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
    public void onRecord(ConsumerRecord<String, String> record, Consumer<?, ?> consumer) {
        slot.lock();
        try {
            MDC.put("recordingId", String.valueOf(record.key()));
            MDC.put("stage", stage.id());
            run(record, consumer.groupMetadata());
        } finally {
            MDC.remove("recordingId");
            MDC.remove("stage");
            MDC.remove("attempt");
            slot.unlock();
        }
    }

    /** How many tries wait for this stage's step slot right now. */
    int waitingForSlot() {
        return slot.getQueueLength();
    }

    private void run(ConsumerRecord<String, String> record, ConsumerGroupMetadata group) {
        int attempt = attemptOf(record);
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
            handOver.publish(stage.outbox(), out, record, group, () -> faults.afterPublish(stage));
            long millis = clock.millis() - started.toEpochMilli();
            Long bytes = out.spooled() == null ? null : out.spooled().size();
            status.publish(StatusEvent.of(in.recordingId(), stage, Transition.SUCCEEDED, attempt, clock.instant())
                    .withDuration(millis).withBytes(bytes, bytes).withEvent(out));
            metrics.finished(stage, Transition.SUCCEEDED, Duration.ofMillis(millis), context.bytesDone());
            log.info("stage={} attempt={} outcome=succeeded duration={}ms bytes={}", stage.id(), attempt, millis,
                    bytes == null ? "-" : bytes);
        } catch (Exception e) {
            if (!running) {
                throw interruptedByShutdown(record, attempt, started, e);
            }
            Failure failure = FailureClassifier.classify(e);
            boolean deadLetter = failure.fatal() || attempt >= settings.maxAttempts();
            if (deadLetter && earlierHandOvers.exist(stage, record)) {
                duplicate(record, attempt, started, failure);
                return;
            }
            throw failed(record, attempt, started, context, failure, deadLetter, e);
        } catch (Error e) {
            stopping(record, attempt, started, e);
            throw e;
        }
    }

    private void duplicate(ConsumerRecord<String, String> record, int attempt, Instant started, Failure failure) {
        long millis = clock.millis() - started.toEpochMilli();
        String reason = "already handed over to " + stage.outbox() + " since this record arrived; this try failed: "
                + failure.reason();
        status.publish(StatusEvent.of(String.valueOf(record.key()), stage, Transition.DUPLICATE, attempt,
                clock.instant()).withReason(reason).withDuration(millis));
        metrics.finished(stage, Transition.DUPLICATE, Duration.ofMillis(millis), 0);
        log.info("stage={} attempt={} outcome=duplicate duration={}ms from={} offset={} reason=\"{}\"", stage.id(),
                attempt, millis, record.topic(), record.offset(), reason);
    }

    /**
     * A step that fails while its service stops most likely failed because it stops (clients closed under it):
     * no attempt is counted and no retry scheduled; the record stays uncommitted for the next start.
     */
    private RuntimeException interruptedByShutdown(ConsumerRecord<String, String> record, int attempt,
                                                   Instant started, Exception error) {
        long millis = clock.millis() - started.toEpochMilli();
        String reason = FailureClassifier.describe(error);
        log.info("stage={} attempt={} outcome=interrupted duration={}ms from={} offset={} reason=\"{}\" "
                        + "next=\"redone on the next start, not counted as an attempt\"", stage.id(), attempt, millis,
                record.topic(), record.offset(), reason);
        return new StepInterruptedByShutdownException("stage " + stage.id() + " stopped during attempt " + attempt
                + " of " + record.key() + ": " + reason, error);
    }

    private RuntimeException failed(ConsumerRecord<String, String> record, int attempt, Instant started,
                                    RunningStep context, Failure failure, boolean deadLetter, Exception error) {
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

    /**
     * An Error (a class missing from the jar, memory exhausted) leaves the JVM in doubt: the record stays
     * uncommitted, the status says why, and the stage stops so that its service is restarted; the restarted
     * stage gets the record again.
     */
    private void stopping(ConsumerRecord<String, String> record, int attempt, Instant started, Error error) {
        long millis = clock.millis() - started.toEpochMilli();
        String reason = FailureClassifier.describe(error) + " (the stage stops; its service exits to be restarted)";
        status.publish(StatusEvent.of(String.valueOf(record.key()), stage, Transition.RETRY_SCHEDULED, attempt,
                clock.instant()).withReason(reason).withDuration(millis));
        metrics.finished(stage, Transition.RETRY_SCHEDULED, Duration.ofMillis(millis), 0);
        log.error("stage={} attempt={} outcome=retry-scheduled duration={}ms reason=\"{}\" next=\"redelivered after the restart\"",
                stage.id(), attempt, millis, reason, error);
    }

    /**
     * Initialises the hand-over producer in the background, so that a predecessor's open transaction is aborted
     * early; in the step slot, since the stage has one hand-over producer and a step must not find it busy.
     */
    @Override
    public void start() {
        running = true;
        SimpleAsyncTaskExecutor background = new SimpleAsyncTaskExecutor("hand-over-" + stage.id() + "-");
        background.setDaemon(true);
        background.execute(() -> {
            slot.lock();
            try {
                handOver.warmUp();
            } finally {
                slot.unlock();
            }
        });
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        handOver.close();
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
