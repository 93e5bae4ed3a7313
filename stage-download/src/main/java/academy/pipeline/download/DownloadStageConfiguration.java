package academy.pipeline.download;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.StageListener;
import academy.pipeline.core.runtime.StageListeners;
import academy.pipeline.core.spool.Spool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;

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
    StageListener downloadStageListener(StageListeners stages, DownloadStep step) {
        return stages.listener(Stage.DOWNLOAD, step);
    }

    @Bean
    RetryTopicConfiguration downloadRetryTopics(StageListeners stages) {
        return stages.retryTopics(Stage.DOWNLOAD);
    }
}
