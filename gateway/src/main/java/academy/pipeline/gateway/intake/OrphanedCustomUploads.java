package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.Topics;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.status.RecordingStatusView;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs once at start, before intake opens: removes the spool directories of custom uploads that a gateway took
 * into the spool and then died before Kafka acknowledged their publish. Nothing would ever ship or delete them.
 * A directory is an orphan only when neither the status view nor {@code recordings.download} knows its id, so a
 * recording published just before the crash (its "accepted" status not yet written) keeps its file.
 */
class OrphanedCustomUploads implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OrphanedCustomUploads.class);
    private static final String PREFIX = "custom-";
    private static final TopicPartition DOWNLOAD = new TopicPartition(Topics.DOWNLOAD, 0);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Spool spool;
    private final RecordingStatusView view;
    private final Map<String, Object> kafka;

    OrphanedCustomUploads(Spool spool, RecordingStatusView view, Map<String, Object> kafka) {
        this.spool = spool;
        this.view = view;
        this.kafka = kafka;
    }

    @Override
    public void run() {
        Set<String> unknown = unknownCustomDirectories();
        if (unknown.isEmpty()) {
            return;
        }
        unknown.removeAll(keysOnDownloadTopic());
        for (String recordingId : unknown) {
            try {
                spool.delete(recordingId);
                log.warn("removed the spool directory of custom upload {}: its gateway stopped before the recording "
                        + "was published, so the operator's request had failed; the operator's file is untouched",
                        recordingId);
            } catch (IOException e) {
                log.warn("could not remove orphaned spool directory {}: {}", recordingId, e.toString());
            }
        }
    }

    private Set<String> unknownCustomDirectories() {
        Set<String> unknown = new HashSet<>();
        if (!Files.isDirectory(spool.root())) {
            return unknown;
        }
        try (Stream<Path> entries = Files.list(spool.root())) {
            entries.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(PREFIX) && view.find(name).isEmpty())
                    .forEach(unknown::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return unknown;
    }

    private Set<String> keysOnDownloadTopic() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            if (consumer.partitionsFor(Topics.DOWNLOAD).isEmpty()) {
                return keys;
            }
            consumer.assign(List.of(DOWNLOAD));
            consumer.seekToBeginning(List.of(DOWNLOAD));
            long end = consumer.endOffsets(List.of(DOWNLOAD)).get(DOWNLOAD);
            while (consumer.position(DOWNLOAD) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null && record.key().startsWith(PREFIX)) {
                        keys.add(record.key());
                    }
                }
            }
        }
        return keys;
    }
}
