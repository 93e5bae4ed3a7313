package academy.pipeline.gateway.status;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Replay and discard from a caller that is not on the server: refused without the operator token, accepted with
 * it. The remote address is only set on the mock request; no traffic leaves the machine.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "pipeline.gateway.admin-token=operator-secret"})
@EmbeddedKafka(partitions = 1)
class OperatorAccessIntegrationTest {

    private static final String REMOTE = "203.0.113.7";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", dataDir::toString);
    }

    @Autowired
    WebApplicationContext context;

    @Autowired
    RecordingStatusView view;

    @Autowired
    EmbeddedKafkaBroker broker;

    MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
    }

    @Test
    void replayFromAnotherHostWithoutTheTokenIsRefusedAndPublishesNothing() throws Exception {
        String id = deadLetteredAtNotify("remote-1");

        mvc.perform(post("/recordings/{id}/replay", id).with(from(REMOTE)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"));
        mvc.perform(post("/recordings/{id}/replay", id).with(from(REMOTE)).header("Authorization", "Bearer wrong"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/recordings/{id}/discard", id).with(from(REMOTE)))
                .andExpect(status().isForbidden());

        assertThat(view.find(id).orElseThrow().phase()).isEqualTo(Phase.FAILED);
        assertThat(notifyRecords(id, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void replayFromAnotherHostWithTheTokenRepublishesTheLastNotifyEvent() throws Exception {
        String id = deadLetteredAtNotify("remote-2");

        mvc.perform(post("/recordings/{id}/replay", id).with(from(REMOTE))
                        .header("Authorization", "Bearer operator-secret"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.stage").value("notify"))
                .andExpect(jsonPath("$.topic").value("recordings.notify"));

        List<ConsumerRecord<String, String>> published = notifyRecords(id, Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        RecordingEvent replayed = EventCodec.decodeRecording(published.get(0).value());
        assertThat(replayed.title()).isEqualTo("Lecture " + id);
        assertThat(view.find(id).orElseThrow().state()).isEqualTo(Transition.REPLAYED);
    }

    /** Puts a recording in the view as the stages would have reported it: streamed, then dead-lettered at notify. */
    private String deadLetteredAtNotify(String id) {
        Instant t = Instant.now();
        RecordingEvent event = RecordingEvent.accepted(id, Source.CUSTOM, "Lecture " + id, Map.of(),
                Origin.ofPath("/srv/incoming/" + id + ".mp4", 10L, id + ".mp4", null), t);
        view.apply(StatusEvent.of(id, Stage.DOWNLOAD, Transition.ACCEPTED, 0, t).withEvent(event));
        view.apply(StatusEvent.of(id, Stage.STREAM, Transition.SUCCEEDED, 1, t.plusMillis(10)).withEvent(event));
        view.apply(StatusEvent.of(id, Stage.NOTIFY, Transition.DEAD_LETTERED, 1, t.plusMillis(20)).withReason("HTTP 400"));
        return id;
    }

    private List<ConsumerRecord<String, String>> notifyRecords(String id, Duration within) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "access-test-" + id, false);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition inbox = new TopicPartition(Stage.NOTIFY.inbox(), 0);
            consumer.assign(List.of(inbox));
            consumer.seekToBeginning(List.of(inbox));
            List<ConsumerRecord<String, String>> found = new java.util.ArrayList<>();
            long until = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < until && found.isEmpty()) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            return found;
        }
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
