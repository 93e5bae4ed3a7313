package academy.pipeline.download.zoom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code pipeline.zoom.*} as stage-download reads it.
 *
 * @param allowedHosts   the only hosts a download may contact, before and after redirects: each entry matches
 *                       itself and its subdomains (an IP literal matches only itself)
 * @param allowInsecureHosts FOR TESTS ONLY: let downloads use {@code http} and ports other than 443 on the
 *                       allowed hosts (local Zoom doubles); never set in production
 * @param maxRedirects   redirects followed per download before giving up
 * @param accountId      server-to-server OAuth account ({@code ZOOM_ACCOUNT_ID}); with the client id and secret it
 *                       lets the stage replace an expired download token; null: an expired token is fatal
 * @param clientId       S2S OAuth client id ({@code ZOOM_CLIENT_ID})
 * @param clientSecret   S2S OAuth client secret ({@code ZOOM_CLIENT_SECRET}); never logged
 * @param oauthUrl       Zoom's token endpoint
 * @param apiUrl         Zoom's REST API base URL
 * @param tokenTtl       validity requested for a fresh download token
 * @param trashAfterDone move each Zoom recording file to Zoom's trash once the pipeline is done with it (the
 *                       website accepted the notification); needs the S2S OAuth credentials
 */
@ConfigurationProperties("pipeline.zoom")
public record ZoomDownloadSettings(
        @DefaultValue({"zoom.us", "zoom.com"}) List<String> allowedHosts,
        @DefaultValue("false") boolean allowInsecureHosts,
        @DefaultValue("5") int maxRedirects,
        String accountId,
        String clientId,
        String clientSecret,
        @DefaultValue("https://zoom.us/oauth/token") URI oauthUrl,
        @DefaultValue("https://api.zoom.us/v2") URI apiUrl,
        @DefaultValue("1h") Duration tokenTtl,
        @DefaultValue("false") boolean trashAfterDone) {

    public ZoomDownloadSettings {
        allowedHosts = allowedHosts == null ? List.of("zoom.us", "zoom.com") : List.copyOf(allowedHosts);
        oauthUrl = oauthUrl == null ? URI.create("https://zoom.us/oauth/token") : oauthUrl;
        apiUrl = apiUrl == null ? URI.create("https://api.zoom.us/v2") : apiUrl;
        tokenTtl = tokenTtl == null ? Duration.ofHours(1) : tokenTtl;
    }

    /** Whether server-to-server OAuth credentials are complete, so the recordings API can be used. */
    public boolean hasApiCredentials() {
        return isSet(accountId) && isSet(clientId) && isSet(clientSecret);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "ZoomDownloadSettings[allowedHosts=" + allowedHosts + ", allowInsecureHosts=" + allowInsecureHosts
                + ", maxRedirects=" + maxRedirects
                + ", accountId=" + accountId + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "null" : "***") + ", oauthUrl=" + oauthUrl
                + ", apiUrl=" + apiUrl + ", tokenTtl=" + tokenTtl + ", trashAfterDone=" + trashAfterDone + "]";
    }
}
