package academy.pipeline.stream.bunny;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.WebClients;
import academy.pipeline.stream.StreamStageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;
import java.time.Duration;

/** The Bunny Stream provider, active when {@code pipeline.stream.bunny.library-id} and {@code api-key} are set. */
@AutoConfiguration(before = StreamStageConfiguration.class, after = PipelineCoreConfiguration.class)
@ConditionalOnProperty(prefix = "pipeline.stream.bunny", name = {"library-id", "api-key"})
@EnableConfigurationProperties(BunnySettings.class)
public class BunnyStreamConfiguration {

    @Bean
    BunnyStreamProvider bunnyStreamProvider(BunnySettings settings, WebClient.Builder builder, HttpSettings http,
                                            Clock clock) {
        return new BunnyStreamProvider(settings, bunnyApi(settings, builder, http), http, clock);
    }

    /** The API client; a redirect is not followed (the AccessKey header would go wherever it points). */
    static BunnyApi bunnyApi(BunnySettings settings, WebClient.Builder builder, HttpSettings http) {
        return new BunnyApi(WebClients.create(builder, http, false), settings,
                http.responseTimeout().plus(http.connectTimeout()).plus(Duration.ofSeconds(1)));
    }
}
