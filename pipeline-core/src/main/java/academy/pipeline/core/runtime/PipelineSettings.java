package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings every service shares ({@code pipeline.*}).
 *
 * @param dataDir           where local state lives (spool, local archive/stream folders, standalone's broker)
 * @param spoolDir          the spool shared by the stages; default {@code <dataDir>/spool}
 * @param replicationFactor replication factor of the topics created at start-up
 * @param publishTimeout    how long a publish may wait for the broker's acknowledgement
 * @param stages            per-stage runtime settings, keyed by stage id (download, archive, stream, notify)
 * @param instanceId        stable name of this service instance (e.g. {@code archive-1}); when set, consumers use
 *                          Kafka static membership, so a restarted instance gets its partitions back at once
 *                          instead of waiting out the dead member's session
 */
@ConfigurationProperties("pipeline")
public record PipelineSettings(
        @DefaultValue("pipeline-data") Path dataDir,
        Path spoolDir,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("30s") Duration publishTimeout,
        Map<String, StageRuntimeSettings> stages,
        String instanceId) {

    public PipelineSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        spoolDir = spoolDir == null ? dataDir.resolve("spool") : spoolDir.toAbsolutePath().normalize();
        stages = stages == null ? Map.of() : Map.copyOf(stages);
    }

    public StageRuntimeSettings stage(Stage stage) {
        return stages.getOrDefault(stage.id(), StageRuntimeSettings.DEFAULTS);
    }
}
