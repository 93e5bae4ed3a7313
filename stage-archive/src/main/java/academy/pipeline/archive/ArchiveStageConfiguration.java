package academy.pipeline.archive;

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

/** The archive stage: its step, its provider, and its plug into the stage runtime. */
@AutoConfiguration(after = PipelineCoreConfiguration.class)
@EnableConfigurationProperties(ArchiveSettings.class)
public class ArchiveStageConfiguration {

    /** The local-folder archive, used when no other provider (B2) is configured. */
    @Bean
    @ConditionalOnMissingBean(ArchiveProvider.class)
    FilesystemArchiveProvider filesystemArchiveProvider(ArchiveSettings archive, PipelineSettings pipeline) throws IOException {
        return new FilesystemArchiveProvider(archive.filesystemRoot() != null
                ? archive.filesystemRoot()
                : pipeline.dataDir().resolve("archive"));
    }

    @Bean
    ArchiveStep archiveStep(Spool spool, ArchiveProvider provider, ArchiveSettings settings) {
        return new ArchiveStep(spool, provider, new ArchiveFileNames(settings.fileNameTemplate()));
    }

    @Bean
    StageDefinition archiveStage(ArchiveStep step) {
        return new StageDefinition(Stage.ARCHIVE, step);
    }
}
