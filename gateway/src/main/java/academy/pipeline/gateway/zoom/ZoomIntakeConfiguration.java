package academy.pipeline.gateway.zoom;

import academy.pipeline.gateway.GatewayConfiguration;
import academy.pipeline.gateway.intake.RecordingIntake;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/** Zoom's webhook intake at {@code POST /zoom-upload}. */
@AutoConfiguration(after = GatewayConfiguration.class)
@EnableConfigurationProperties(ZoomIntakeSettings.class)
@Import(ZoomWebhookController.class)
public class ZoomIntakeConfiguration {

    @Bean
    ZoomSignatureVerifier zoomSignatureVerifier(ZoomIntakeSettings settings, Clock clock) {
        return new ZoomSignatureVerifier(settings.webhookSecretToken(), settings.timestampTolerance(), clock);
    }

    @Bean
    ZoomRecordingIntake zoomRecordingIntake(RecordingIntake intake, ZoomIntakeSettings settings, Clock clock) {
        return new ZoomRecordingIntake(intake, new ZoomFileSelection(settings), clock);
    }
}
