package academy.pipeline.stream.bunny;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.RestClients;
import academy.pipeline.stream.StreamStageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** The Bunny Stream provider, active when {@code pipeline.stream.bunny.library-id} and {@code api-key} are set. */
@AutoConfiguration(before = StreamStageConfiguration.class, after = PipelineCoreConfiguration.class)
@ConditionalOnProperty(prefix = "pipeline.stream.bunny", name = {"library-id", "api-key"})
@EnableConfigurationProperties(BunnySettings.class)
public class BunnyStreamConfiguration {

    @Bean
    BunnyStreamProvider bunnyStreamProvider(BunnySettings settings, HttpSettings http, Clock clock,
                                            Environment environment) {
        BunnyApi api = BunnyApi.create(settings, http);
        Optional<B2DownloadAuthorizer> authorizer = Optional.of(downloadKey(settings, environment))
                .filter(B2DownloadKey::configured)
                .map(key -> new B2DownloadAuthorizer(RestClients.create(http, false), key));
        return new BunnyStreamProvider(settings, api, new BunnyFetch(settings, api, authorizer, clock), http, clock);
    }

    /**
     * {@code pipeline.stream.bunny.b2.*}, each part unset falling back to the archive's B2 setting, so one set of
     * B2 variables ({@code B2_APPLICATION_KEY_ID}, {@code B2_APPLICATION_KEY}) serves both stages.
     */
    static B2DownloadKey downloadKey(BunnySettings settings, Environment environment) {
        B2DownloadKey own = settings.b2() != null ? settings.b2() : new B2DownloadKey(null, null, null);
        boolean ownKey = own.applicationKeyId() != null && !own.applicationKeyId().isBlank();
        String keyId = ownKey ? own.applicationKeyId() : environment.getProperty("pipeline.archive.b2.application-key-id");
        String key = ownKey ? own.applicationKey() : environment.getProperty("pipeline.archive.b2.application-key");
        URI master = own.masterUrl() != null ? own.masterUrl()
                : environment.getProperty("pipeline.archive.b2.master-url", URI.class, B2DownloadKey.DEFAULT_MASTER_URL);
        return new B2DownloadKey(keyId, key, master);
    }
}
