package academy.pipeline.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * {@code pipeline.notify.*}.
 *
 * @param websiteUrl where the website receives notifications ({@code WEBSITE_NOTIFY_URL}); null: log only
 * @param secret     HMAC key of the signature header ({@code WEBSITE_NOTIFY_SECRET}); null: unsigned
 * @param timeout    longest wait for the website's answer
 */
@ConfigurationProperties("pipeline.notify")
public record NotifySettings(URI websiteUrl, String secret, @DefaultValue("30s") Duration timeout) {

    @Override
    public String toString() {
        return "NotifySettings[websiteUrl=" + websiteUrl + ", secret=" + (secret == null ? "null" : "***")
                + ", timeout=" + timeout + "]";
    }
}
