package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.ops.KafkaProbe;
import academy.pipeline.core.ops.StageHeartbeat;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How much waits in front of each stage, asked of Kafka every {@code queueRefresh} in the background (a page
 * poll never waits for the broker): records of the inbox and of each retry topic that the topic's consumer group
 * has not committed, and the records in the DLT. The consumer group of each topic is taken from the stage's
 * heartbeat, else spring-kafka's naming (the stage's group, suffixed like the retry topic).
 */
class QueueDepths implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    /**
     * @param topic   the topic
     * @param records records waiting in it, or null when Kafka did not answer
     */
    public record Queue(String topic, Long records) {
    }

    /**
     * @param inbox      records in the inbox not committed by the stage, or null when not measured
     * @param retries    each retry topic, in retry order
     * @param dlt        records in the stage's DLT (replayed ones included: a DLT is never emptied), or null
     * @param measuredAt when this was measured
     * @param problem    why something is null (Kafka's answer), or null
     */
    public record StageQueues(Long inbox, List<Queue> retries, Long dlt, Instant measuredAt, String problem) {

        static final StageQueues UNKNOWN = new StageQueues(null, List.of(), null, null, "not measured yet");

        /** Records waiting in all retry topics, or null when none was measured. */
        public Long retrying() {
            return retries.stream().map(Queue::records).filter(java.util.Objects::nonNull)
                    .reduce(Long::sum).orElse(retries.isEmpty() ? 0L : null);
        }
    }

    private final Map<String, Object> adminConfig;
    private final KafkaProbe probe;
    private final StageHeartbeatView heartbeats;
    private final Duration refresh;
    private final Clock clock;
    private volatile Map<Stage, StageQueues> latest = Map.of();
    private volatile Thread measurer;

    public QueueDepths(KafkaAdmin kafka, KafkaProbe probe, StageHeartbeatView heartbeats, Duration refresh,
                       Duration timeout, Clock clock) {
        this.adminConfig = new HashMap<>(kafka.getConfigurationProperties());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "gateway-queue-depths");
        this.probe = probe;
        this.heartbeats = heartbeats;
        this.refresh = refresh;
        this.clock = clock;
    }

    public StageQueues of(Stage stage) {
        return latest.getOrDefault(stage, StageQueues.UNKNOWN);
    }

    private void measureUntilStopped() {
        try (Admin admin = Admin.create(adminConfig)) {
            while (measurer == Thread.currentThread()) {
                measure(admin);
                Thread.sleep(refresh.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void measure(Admin admin) {
        Set<String> topics;
        try {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get(
                    refresh.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            log.debug("topics not listed: {}", e.toString());
            Map<Stage, StageQueues> failed = new EnumMap<>(Stage.class);
            for (Stage stage : Stage.values()) {
                failed.put(stage, new StageQueues(null, List.of(), null, clock.instant(),
                        "Kafka did not list its topics: " + e.getMessage()));
            }
            latest = failed;
            return;
        }
        Map<Stage, StageQueues> measured = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            measured.put(stage, measure(stage, topics));
        }
        latest = measured;
    }

    private StageQueues measure(Stage stage, Set<String> topics) {
        Map<String, String> groups = groups(stage);
        List<String> problems = new ArrayList<>();
        Long inbox = waiting(stage, stage.inbox(), groups, problems);
        List<Queue> retries = new ArrayList<>();
        topics.stream()
                .filter(t -> t.startsWith(stage.inbox() + Topics.RETRY_SUFFIX))
                .sorted(Comparator.comparingInt(QueueDepths::retryIndex).thenComparing(Comparator.naturalOrder()))
                .forEach(t -> retries.add(new Queue(t, waiting(stage, t, groups, problems))));
        Long dlt = null;
        try {
            dlt = topics.contains(stage.deadLetterTopic()) ? probe.records(stage.deadLetterTopic()) : 0L;
        } catch (Exception e) {
            problems.add(stage.deadLetterTopic() + ": " + e.getMessage());
        }
        return new StageQueues(inbox, List.copyOf(retries), dlt, clock.instant(),
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private Long waiting(Stage stage, String topic, Map<String, String> groups, List<String> problems) {
        String group = groups.getOrDefault(topic,
                "recordings-stage-" + stage.id() + topic.substring(stage.inbox().length()));
        try {
            return probe.waiting(group, topic);
        } catch (Exception e) {
            problems.add(topic + ": " + e.getMessage());
            return null;
        }
    }

    private Map<String, String> groups(Stage stage) {
        Map<String, String> groups = new HashMap<>();
        heartbeats.of(stage).map(StageHeartbeat::containers).ifPresent(containers ->
                containers.forEach((topic, container) -> {
                    if (container.group() != null) {
                        groups.put(topic, container.group());
                    }
                }));
        return groups;
    }

    /** {@code recordings.stream-retry-2} → 2; topics named otherwise sort last. */
    private static int retryIndex(String topic) {
        int dash = topic.lastIndexOf('-');
        try {
            return Integer.parseInt(topic.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::measureUntilStopped, "queue-depths");
        thread.setDaemon(true);
        measurer = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = measurer;
        measurer = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return measurer != null;
    }
}
