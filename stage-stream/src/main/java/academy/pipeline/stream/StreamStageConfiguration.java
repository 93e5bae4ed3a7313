package academy.pipeline.stream;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.core.runtime.StageDefinition;
import academy.pipeline.core.spool.Spool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.io.IOException;

/** The stream stage: its step, its provider, and its plug into the stage runtime. */
@AutoConfiguration(after = PipelineCoreConfiguration.class)
@EnableConfigurationProperties(StreamSettings.class)
public class StreamStageConfiguration {

    /** The local-folder host, used when no other provider (Bunny) is configured. */
    @Bean
    @ConditionalOnMissingBean(StreamProvider.class)
    FilesystemStreamProvider filesystemStreamProvider(StreamSettings stream, PipelineSettings pipeline) throws IOException {
        return new FilesystemStreamProvider(stream.filesystemRoot() != null
                ? stream.filesystemRoot()
                : pipeline.dataDir().resolve("stream"));
    }

    @Bean
    StreamStep streamStep(Spool spool, StreamProvider provider) {
        return new StreamStep(spool, provider);
    }

    @Bean
    StageDefinition streamStage(StreamStep step) {
        return new StageDefinition(Stage.STREAM, step);
    }
}
