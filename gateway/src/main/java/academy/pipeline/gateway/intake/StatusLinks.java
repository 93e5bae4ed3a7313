package academy.pipeline.gateway.intake;

import academy.pipeline.gateway.GatewaySettings;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Builds the status URL returned to intake callers. */
public class StatusLinks {

    private final GatewaySettings settings;

    public StatusLinks(GatewaySettings settings) {
        this.settings = settings;
    }

    public String statusUrl(HttpServletRequest request, String recordingId) {
        String base = settings.publicUrl() != null && !settings.publicUrl().isBlank()
                ? settings.publicUrl().replaceAll("/+$", "")
                : ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
        return base + "/recordings/" + recordingId;
    }
}
