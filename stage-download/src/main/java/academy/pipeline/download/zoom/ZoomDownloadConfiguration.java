package academy.pipeline.download.zoom;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.WebClients;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.download.DownloadStageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/** Zoom downloads for stage-download: the fetcher for {@code zoom} recordings. */
@AutoConfiguration(after = PipelineCoreConfiguration.class, before = DownloadStageConfiguration.class)
@EnableConfigurationProperties(ZoomDownloadSettings.class)
public class ZoomDownloadConfiguration {

    @Bean
    ZoomDownloader zoomDownloader(WebClient.Builder builder, HttpSettings http, ZoomDownloadSettings settings, Spool spool) {
        return create(builder, http, settings, spool);
    }

    /** The fetcher as the stage wires it; also used by the download benchmark. */
    public static ZoomDownloader create(WebClient.Builder builder, HttpSettings http, ZoomDownloadSettings settings,
                                       Spool spool) {
        WebClient client = WebClients.create(builder, http, false);
        ZoomDownloadTokens tokens = settings.canRefreshTokens() ? new ZoomDownloadTokens(client, settings) : null;
        return new ZoomDownloader(client, spool, new HostAllowlist(settings.allowedHosts()), settings.maxRedirects(), tokens);
    }
}
