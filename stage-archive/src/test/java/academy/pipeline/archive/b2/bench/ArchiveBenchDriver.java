package academy.pipeline.archive.b2.bench;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Topics;
import academy.pipeline.core.event.Transition;
import academy.pipeline.testkit.b2.B2Double;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The helper JVM of {@code bench/archive-b2.sh} (not a test): {@code serve <dir> <infoFile>} runs a KRaft broker
 * and the B2 double and writes their addresses; {@code publish <brokers> <recordingId> <spoolPath> <sha1>} hands a
 * spooled file to the archive stage; {@code await <brokers> <recordingId>} waits for the stage's verdict and prints
 * the step's duration in milliseconds.
 */
public final class ArchiveBenchDriver {

    private ArchiveBenchDriver() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> serve(Path.of(args[1]), Path.of(args[2]));
            case "publish" -> publish(args[1], args[2], Path.of(args[3]), args[4]);
            case "await" -> await(args[1], args[2]);
            default -> throw new IllegalArgumentException("serve | publish | await");
        }
    }

    private static void serve(Path dir, Path infoFile) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // one broker: the transaction log of the stages' hand-overs must fit on it
        broker.brokerProperties(java.util.Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        B2Double b2 = B2Double.builder(dir.resolve("b2")).bucket("bench-archive").threads(8).start();
        Files.writeString(infoFile, "BROKERS=" + broker.getBrokersAsString() + "\nMASTER_URL=" + b2.masterUrl()
                + "\nKEY_ID=" + b2.keyId() + "\nKEY=" + b2.applicationKey() + "\nBUCKET=bench-archive\n");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            b2.close();
            broker.destroy();
        }));
        Thread.currentThread().join();
    }

    private static void publish(String brokers, String recordingId, Path spoolPath, String sha1) throws Exception {
        RecordingEvent event = RecordingEvent.accepted(recordingId, Source.CUSTOM, "Benchmark", Map.of(), null,
                        Instant.now())
                .withSpooled(new SpooledFile(recordingId + "/" + spoolPath.getFileName(), Files.size(spoolPath), sha1,
                        "video/mp4", spoolPath.getFileName().toString()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ARCHIVE, recordingId, EventCodec.encode(event))).get();
        }
    }

    private static void await(String brokers, String recordingId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition status = new TopicPartition(Topics.STATUS, 0);
            consumer.assign(List.of(status));
            consumer.seekToBeginning(List.of(status));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    StatusEvent event = EventCodec.decodeStatus(record.value());
                    if (!recordingId.equals(event.recordingId()) || event.stage() != Stage.ARCHIVE) {
                        continue;
                    }
                    if (event.transition() == Transition.SUCCEEDED) {
                        System.out.println("DURATION_MS=" + event.durationMs());
                        return;
                    }
                    if (event.transition() == Transition.DEAD_LETTERED || event.transition() == Transition.RETRY_SCHEDULED) {
                        throw new IllegalStateException("archive failed: " + event.reason());
                    }
                }
            }
        }
    }
}
