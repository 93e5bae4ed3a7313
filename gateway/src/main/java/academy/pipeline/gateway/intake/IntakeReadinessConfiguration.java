package academy.pipeline.gateway.intake;

import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.GatewayConfiguration;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.status.StatusCatchUp;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.KafkaAdmin;

/** Intake and readiness wait for the status view to catch up after a start ({@link StatusCatchUp}). */
@AutoConfiguration(after = GatewayConfiguration.class, before = AvailabilityHealthContributorAutoConfiguration.class)
public class IntakeReadinessConfiguration {

    @Bean
    StatusCatchUp statusCatchUp(KafkaAdmin kafka, RecordingStatusView view, Spool spool) {
        return new StatusCatchUp(kafka, view,
                new OrphanedCustomUploads(spool, view, kafka.getConfigurationProperties()));
    }

    /** Replaces Boot's readiness component (same name), so readiness is DOWN while the view catches up. */
    @Bean
    ReadinessStateHealthIndicator readinessStateHealthIndicator(ApplicationAvailability availability,
                                                                StatusCatchUp catchUp) {
        return new CatchUpReadinessIndicator(availability, catchUp);
    }

    @Bean
    FilterRegistrationBean<IntakeReadinessGate> intakeReadinessGate(StatusCatchUp catchUp) {
        FilterRegistrationBean<IntakeReadinessGate> registration = new FilterRegistrationBean<>(new IntakeReadinessGate(catchUp));
        registration.addUrlPatterns("/zoom-upload", "/manual-upload", "/custom-upload");
        // before the webhook body gate, after the connector and caller filters
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 200);
        return registration;
    }
}
