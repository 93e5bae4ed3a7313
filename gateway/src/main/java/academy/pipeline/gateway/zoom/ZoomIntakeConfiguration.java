package academy.pipeline.gateway.zoom;

import academy.pipeline.gateway.GatewayConfiguration;
import academy.pipeline.gateway.intake.RecordingIntake;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

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
    FilterRegistrationBean<WebhookBodyGate> zoomWebhookBodyGate(ZoomIntakeSettings settings,
                                                                ZoomSignatureVerifier verifier) {
        FilterRegistrationBean<WebhookBodyGate> registration =
                new FilterRegistrationBean<>(new WebhookBodyGate(settings, verifier));
        registration.addUrlPatterns("/zoom-upload");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        // after the connector and caller filters, which may refuse the request outright
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }

    @Bean
    ZoomRecordingIntake zoomRecordingIntake(RecordingIntake intake, ZoomIntakeSettings settings, Clock clock) {
        return new ZoomRecordingIntake(intake, new ZoomFileSelection(settings), clock);
    }
}
