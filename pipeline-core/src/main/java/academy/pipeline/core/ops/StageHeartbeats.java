package academy.pipeline.core.ops;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.FailureClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ContainerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a {@link StageHeartbeat} for every stage this service runs, every {@code interval} and at once when a
 * listener container stops, so the gateway sees a stopped consumer within seconds whether the stages run in its
 * JVM or as services of their own. Sent without waiting, like status events: a slow broker must not slow a step.
 */
class StageHeartbeats implements SmartLifecycle, ApplicationListener<ContainerStoppedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StageHeartbeats.class);

    private final List<Stage> stages;
    private final KafkaListenerEndpointRegistry registry;
    private final org.springframework.kafka.core.KafkaTemplate<String, String> kafka;
    private final String instance;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public StageHeartbeats(List<Stage> stages, KafkaListenerEndpointRegistry registry,
                           org.springframework.kafka.core.KafkaTemplate<String, String> kafka, String instance,
                           Duration interval, Clock clock) {
        this.stages = List.copyOf(stages);
        this.registry = registry;
        this.kafka = kafka;
        this.instance = instance;
        this.interval = interval;
        this.clock = clock;
    }

    /** The heartbeat of each stage as it stands now. */
    public List<StageHeartbeat> current() {
        Map<Stage, Map<String, StageHeartbeat.Container>> containers = new EnumMap<>(Stage.class);
        stages.forEach(stage -> containers.put(stage, new TreeMap<>()));
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            String[] topics = container.getContainerProperties().getTopics();
            for (String topic : topics == null ? new String[0] : topics) {
                Stage stage = Stage.ofTopic(topic);
                if (stage != null && containers.containsKey(stage)) {
                    containers.get(stage).put(topic,
                            new StageHeartbeat.Container(container.getGroupId(), container.isRunning()));
                }
            }
        }
        return containers.entrySet().stream().map(e -> new StageHeartbeat(1, e.getKey(), instance,
                        !e.getValue().isEmpty() && e.getValue().values().stream().allMatch(StageHeartbeat.Container::running)
                                ? StageHeartbeat.RUNNING : StageHeartbeat.STOPPED,
                        Map.copyOf(e.getValue()), clock.instant(), interval.toMillis()))
                .toList();
    }

    void send() {
        for (StageHeartbeat heartbeat : current()) {
            try {
                kafka.send(StageHeartbeat.TOPIC, heartbeat.stage().id(), EventCodec.encode(heartbeat))
                        .whenComplete((result, error) -> {
                            if (error != null) {
                                log.debug("heartbeat of {} not sent: {}", heartbeat.stage().id(),
                                        FailureClassifier.describe(error));
                            }
                        });
            } catch (RuntimeException e) {
                log.debug("heartbeat of {} not sent: {}", heartbeat.stage().id(), FailureClassifier.describe(e));
            }
        }
    }

    @Override
    public void onApplicationEvent(ContainerStoppedEvent event) {
        ScheduledExecutorService current = timer;
        if (current != null && !current.isShutdown()) {
            current.execute(this::send);
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stage-heartbeats");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::send, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** After the listener containers, so the first heartbeat already sees them running; stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 50;
    }
}
