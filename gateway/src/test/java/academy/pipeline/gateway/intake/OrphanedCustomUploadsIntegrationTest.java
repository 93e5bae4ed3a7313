package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.status.StatusViewSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep before intake opens, against a real broker: a custom upload taken into the spool whose publish never
 * reached Kafka is removed; one that Kafka holds (its "accepted" status lost with the gateway) and any other
 * recording's directory stay.
 */
class OrphanedCustomUploadsIntegrationTest {

    static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(Stage.DOWNLOAD.inbox(), 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void onlyACustomUploadThatKafkaNeverGotIsRemoved() throws Exception {
        Spool spool = new Spool(spoolDir);
        Path orphan = Files.writeString(spool.file("custom-20261202-100000-0000dead", "lecture.mp4"), "orphan");
        Path published = Files.writeString(spool.file("custom-20261202-100001-0000beef", "lecture.mp4"), "published");
        Path zoom = Files.writeString(spool.file("zoom-123-abc", "lecture.mp4"), "zoom");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Stage.DOWNLOAD.inbox(), "custom-20261202-100001-0000beef", "{}")).get();
        }

        new OrphanedCustomUploads(spool, new RecordingStatusView(new StatusViewSettings(100)),
                Map.of("bootstrap.servers", broker.getBrokersAsString())).run();

        assertThat(orphan.getParent()).doesNotExist();
        assertThat(published).exists();
        assertThat(zoom).exists();
    }
}
