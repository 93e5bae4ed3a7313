package academy.pipeline.download;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.StageDefinition;
import academy.pipeline.core.spool.Spool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.List;

/** The download stage: its step, its fetchers, and its plug into the stage runtime. */
@AutoConfiguration(after = PipelineCoreConfiguration.class)
public class DownloadStageConfiguration {

    @Bean
    LocalFileIntake localFileIntake(Spool spool) {
        return new LocalFileIntake(spool);
    }

    @Bean
    DownloadStep downloadStep(List<SourceFetcher> fetchers) {
        return new DownloadStep(fetchers);
    }

    @Bean
    StageDefinition downloadStage(DownloadStep step) {
        return new StageDefinition(Stage.DOWNLOAD, step);
    }
}
