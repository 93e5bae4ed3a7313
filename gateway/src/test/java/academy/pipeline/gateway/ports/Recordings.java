package academy.pipeline.gateway.ports;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.gateway.status.RecordingStatusView;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recordings put into the gateway's status view as the stages would report them, and what replay published. */
final class Recordings {

    private Recordings() {
    }

    /** A recording that was streamed, then dead-lettered at notify: replay republishes its notify event. */
    static String deadLetteredAtNotify(RecordingStatusView view, String id) {
        Instant t = Instant.now();
        RecordingEvent event = RecordingEvent.accepted(id, Source.CUSTOM, "Lecture " + id, Map.of(),
                Origin.ofPath("/srv/incoming/" + id + ".mp4", 10L, id + ".mp4", null), t);
        view.apply(StatusEvent.of(id, Stage.DOWNLOAD, Transition.ACCEPTED, 0, t).withEvent(event));
        view.apply(StatusEvent.of(id, Stage.STREAM, Transition.SUCCEEDED, 1, t.plusMillis(10)).withEvent(event));
        view.apply(StatusEvent.of(id, Stage.NOTIFY, Transition.DEAD_LETTERED, 1, t.plusMillis(20)).withReason("HTTP 400"));
        return id;
    }

    /** Every record of {@code id} in the notify inbox, read up to the topic's end offset as of now. */
    static List<ConsumerRecord<String, String>> inNotifyInbox(EmbeddedKafkaBroker broker, String id) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "ports-test-" + id, false);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition inbox = new TopicPartition(Stage.NOTIFY.inbox(), 0);
            consumer.assign(List.of(inbox));
            consumer.seekToBeginning(List.of(inbox));
            long end = consumer.endOffsets(List.of(inbox)).get(inbox);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            while (consumer.position(inbox) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            return found;
        }
    }
}
