package academy.pipeline.gateway.intake;

import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.status.StatusCatchUp;
import academy.pipeline.gateway.status.StatusViewSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness stays DOWN, whatever Boot says, while the status view has not caught up with the status topic. */
class CatchUpReadinessIndicatorTest {

    @Test
    void readinessIsDownUntilTheStatusViewHasCaughtUp() {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(new StaticApplicationContext(),
                ReadinessState.ACCEPTING_TRAFFIC));
        // never started: the end of recordings.status is not known yet, so the view cannot have caught up
        StatusCatchUp catchUp = new StatusCatchUp(new KafkaAdmin(Map.of()),
                new RecordingStatusView(new StatusViewSettings(100)));

        assertThat(catchUp.caughtUp()).isFalse();
        assertThat(new CatchUpReadinessIndicator(availability, catchUp).health(false).getStatus())
                .isEqualTo(Status.OUT_OF_SERVICE);
    }
}
