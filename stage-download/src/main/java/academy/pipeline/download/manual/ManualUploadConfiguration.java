package academy.pipeline.download.manual;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.download.DownloadStageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** stage-download's fetcher for tutor uploads (tus), taking the finished upload over from the tus directory. */
@AutoConfiguration(after = PipelineCoreConfiguration.class, before = DownloadStageConfiguration.class)
@EnableConfigurationProperties(ManualUploadSettings.class)
public class ManualUploadConfiguration {

    @Bean
    ManualUploadFetcher manualUploadFetcher(Spool spool, ManualUploadSettings settings, PipelineSettings pipeline) {
        return new ManualUploadFetcher(spool, settings.storageDirOr(pipeline.dataDir()));
    }
}
