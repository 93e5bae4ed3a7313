package academy.pipeline.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code pipeline.gateway.*}.
 *
 * @param allowedDirs   directories {@code /custom-upload} may take files from; default {@code <data-dir>/incoming}
 * @param internalToken bearer token that lets non-loopback callers use internal endpoints
 *                      ({@code PIPELINE_INTERNAL_TOKEN}); null: loopback only
 * @param adminToken    bearer token for operator actions from non-loopback callers ({@code PIPELINE_ADMIN_TOKEN})
 */
@ConfigurationProperties("pipeline.gateway")
public record GatewaySettings(List<Path> allowedDirs, String internalToken, String adminToken) {

    public GatewaySettings {
        allowedDirs = allowedDirs == null ? List.of() : List.copyOf(allowedDirs);
    }

    @Override
    public String toString() {
        return "GatewaySettings[allowedDirs=" + allowedDirs + ", internalToken=" + (internalToken == null ? "null" : "***")
                + ", adminToken=" + (adminToken == null ? "null" : "***") + "]";
    }
}
