package academy.pipeline.gateway.intake;

import academy.pipeline.gateway.status.StatusCatchUp;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;

/**
 * The {@code readinessState} health component of the gateway: Boot's readiness, held at REFUSING_TRAFFIC
 * (DOWN) until the status view has caught up (see {@link IntakeReadinessGate}).
 */
class CatchUpReadinessIndicator extends ReadinessStateHealthIndicator {

    private final StatusCatchUp catchUp;

    CatchUpReadinessIndicator(ApplicationAvailability availability, StatusCatchUp catchUp) {
        super(availability);
        this.catchUp = catchUp;
    }

    @Override
    protected AvailabilityState getState(ApplicationAvailability availability) {
        return catchUp.caughtUp() ? super.getState(availability) : ReadinessState.REFUSING_TRAFFIC;
    }
}
