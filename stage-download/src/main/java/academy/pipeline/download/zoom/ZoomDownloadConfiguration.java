package academy.pipeline.download.zoom;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.RestClients;
import academy.pipeline.core.runtime.DoneSideEffect;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.download.DownloadStageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/** Zoom for stage-download: the fetcher for {@code zoom} recordings and, optionally, trashing them when done. */
@AutoConfiguration(after = PipelineCoreConfiguration.class, before = DownloadStageConfiguration.class)
@EnableConfigurationProperties(ZoomDownloadSettings.class)
public class ZoomDownloadConfiguration {

    @Bean
    ZoomDownloader zoomDownloader(HttpSettings http, ZoomDownloadSettings settings, Spool spool) {
        return create(http, settings, spool);
    }

    @Bean
    @ConditionalOnProperty(name = "pipeline.zoom.trash-after-done", havingValue = "true")
    DoneSideEffect zoomTrashAfterDone(HttpSettings http, ZoomDownloadSettings settings) {
        if (!settings.hasApiCredentials()) {
            throw new IllegalStateException("pipeline.zoom.trash-after-done needs ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and "
                    + "ZOOM_CLIENT_SECRET (server-to-server OAuth app with cloud_recording write scope)");
        }
        return new DoneSideEffect(ZoomTrashAfterDone.NAME,
                new ZoomTrashAfterDone(new ZoomRecordingsApi(RestClients.create(http, false), settings)));
    }

    /** The fetcher as the stage wires it; also used by the download benchmark. */
    public static ZoomDownloader create(HttpSettings http, ZoomDownloadSettings settings, Spool spool) {
        RestClient client = RestClients.create(http, false);
        ZoomRecordingsApi api = settings.hasApiCredentials() ? new ZoomRecordingsApi(client, settings) : null;
        HostAllowlist allowlist = new HostAllowlist(settings.allowedHosts(), settings.allowInsecureHosts());
        VettedRedirects redirects = new VettedRedirects(client, allowlist, settings.maxRedirects());
        return new ZoomDownloader(spool, new ResumableDownload(redirects), api);
    }
}
