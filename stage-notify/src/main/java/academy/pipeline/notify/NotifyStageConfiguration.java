package academy.pipeline.notify;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.RestClients;
import academy.pipeline.core.runtime.StageDefinition;
import academy.pipeline.core.spool.Spool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The notify stage: its step, the website client, and its plug into the stage runtime. */
@AutoConfiguration(after = PipelineCoreConfiguration.class)
@EnableConfigurationProperties(NotifySettings.class)
public class NotifyStageConfiguration {

    @Bean
    WebsiteNotifier websiteNotifier(HttpSettings http, NotifySettings settings, Clock clock) {
        HttpSettings bounded = new HttpSettings(http.connectTimeout(), settings.timeout(), settings.timeout());
        // a redirect is not followed: the signed notification goes to the configured URL or nowhere
        return new WebsiteNotifier(RestClients.create(bounded, false), settings, clock);
    }

    @Bean
    NotifyStep notifyStep(WebsiteNotifier website, Spool spool) {
        return new NotifyStep(website, spool);
    }

    @Bean
    StageDefinition notifyStage(NotifyStep step) {
        return new StageDefinition(Stage.NOTIFY, step);
    }
}
