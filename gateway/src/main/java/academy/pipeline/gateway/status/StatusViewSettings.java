package academy.pipeline.gateway.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pipeline.gateway.status.*}.
 *
 * @param maxRecordings how many recordings the status view holds; past it the longest-finished (done or
 *                      discarded) are forgotten first, then the least recently updated. About 5-7 KB each
 *                      ({@code bench/status-view-memory.sh}), so the default holds ~25-33 MB.
 */
@ConfigurationProperties("pipeline.gateway.status")
public record StatusViewSettings(@DefaultValue("5000") int maxRecordings) {

    public StatusViewSettings {
        if (maxRecordings < 1) {
            throw new IllegalArgumentException("pipeline.gateway.status.max-recordings must be at least 1");
        }
    }
}
