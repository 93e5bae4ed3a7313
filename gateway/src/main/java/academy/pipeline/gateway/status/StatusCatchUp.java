package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Whether the {@link RecordingStatusView} has read {@code recordings.status} up to where it ended when the
 * gateway started. Until then the view may not know recordings accepted before the restart, so intake answers
 * 503 and readiness is DOWN (duplicate detection would otherwise let a repeated webhook through). The end
 * offset is asked of Kafka in the background at start, again every second until Kafka answers. Once the view
 * has read that far, a task that must run before intake opens (the orphaned-upload sweep) runs, then intake opens.
 */
public class StatusCatchUp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusCatchUp.class);
    private static final TopicPartition STATUS = new TopicPartition(Topics.STATUS, 0);
    private static final Duration ASK_AGAIN = Duration.ofSeconds(1);

    private final KafkaAdmin kafka;
    private final RecordingStatusView view;
    private final Runnable beforeOpening;
    /** The end offset to reach; -1 until Kafka told it. */
    private volatile long target = -1;
    /** The view reached the target and the task before opening has run. */
    private volatile boolean prepared;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private Thread asker;

    public StatusCatchUp(KafkaAdmin kafka, RecordingStatusView view) {
        this(kafka, view, () -> { });
    }

    public StatusCatchUp(KafkaAdmin kafka, RecordingStatusView view, Runnable beforeOpening) {
        this.kafka = kafka;
        this.view = view;
        this.beforeOpening = beforeOpening;
    }

    /** True once the view has read every status record that existed when the gateway started. */
    public boolean caughtUp() {
        if (!caughtUp && prepared) {
            caughtUp = true;
            log.info("status view caught up: {} recordings from {} status records; intake open", view.size(), target);
        }
        return caughtUp;
    }

    /** Human-readable progress, for the 503 reason and the health details. */
    public String progress() {
        return target < 0 ? "waiting for Kafka to tell the end of " + Topics.STATUS
                : "read " + view.position() + " of " + target + " status records";
    }

    @Override
    public void start() {
        running = true;
        asker = new Thread(this::askUntilAnswered, "status-catch-up");
        asker.setDaemon(true);
        asker.start();
    }

    @Override
    public void stop() {
        running = false;
        if (asker != null) {
            asker.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void askUntilAnswered() {
        try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
            while (running && target < 0) {
                try {
                    target = admin.listOffsets(Map.of(STATUS, OffsetSpec.latest()),
                                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .partitionResult(STATUS).get(10, TimeUnit.SECONDS).offset();
                    log.info("status view catching up to offset {} of {}", target, Topics.STATUS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        target = 0;
                    } else {
                        log.debug("end of {} not known yet: {}", Topics.STATUS, e.getCause().toString());
                        Thread.sleep(ASK_AGAIN.toMillis());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    log.debug("end of {} not known yet: {}", Topics.STATUS, e.toString());
                }
            }
            while (running && view.position() < target) {
                Thread.sleep(20);
            }
            if (running) {
                runBeforeOpening();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runBeforeOpening() {
        try {
            beforeOpening.run();
        } catch (RuntimeException e) {
            log.warn("before opening intake: {}", e.toString());
        }
        prepared = true;
    }
}
