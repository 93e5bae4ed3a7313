package academy.pipeline.gateway;

import academy.pipeline.core.config.PipelineCoreConfiguration;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.core.runtime.StatusPublisher;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.intake.AllowedDirectories;
import academy.pipeline.gateway.intake.CustomUploadController;
import academy.pipeline.gateway.intake.CustomRecordingIds;
import academy.pipeline.gateway.intake.RecordingIntake;
import academy.pipeline.gateway.intake.StatusLinks;
import academy.pipeline.gateway.ports.OperatorConnector;
import academy.pipeline.gateway.ports.OperatorPortConfiguration;
import academy.pipeline.gateway.ports.OperatorPortSettings;
import academy.pipeline.gateway.status.ConsoleConfiguration;
import academy.pipeline.gateway.status.RecordingStatusController;
import academy.pipeline.gateway.status.RecordingOperations;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.status.StatusViewSettings;
import academy.pipeline.gateway.web.ApiErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The gateway: its intake, status view and HTTP controllers. */
@AutoConfiguration(after = PipelineCoreConfiguration.class)
@EnableConfigurationProperties({GatewaySettings.class, StatusViewSettings.class})
@Import({CustomUploadController.class, RecordingStatusController.class, ApiErrorHandler.class,
        OperatorPortConfiguration.class, ConsoleConfiguration.class})
public class GatewayConfiguration {

    @Bean
    RecordingStatusView recordingStatusView(StatusViewSettings settings) {
        return new RecordingStatusView(settings);
    }

    @Bean
    RecordingOperations recordingOperations(RecordingStatusView view, EventPublisher events, StatusPublisher status,
                                            Spool spool, Clock clock) {
        return new RecordingOperations(view, events, status, spool, clock);
    }

    @Bean
    RecordingIntake recordingIntake(EventPublisher events, StatusPublisher status, RecordingStatusView view, Clock clock) {
        return new RecordingIntake(events, status, view, clock);
    }

    @Bean
    AllowedDirectories allowedDirectories(GatewaySettings gateway, PipelineSettings pipeline) throws IOException {
        List<Path> dirs = gateway.allowedDirs().isEmpty() ? List.of(pipeline.dataDir().resolve("incoming")) : gateway.allowedDirs();
        return new AllowedDirectories(dirs);
    }

    @Bean
    CustomRecordingIds customRecordingIds(Clock clock) {
        return new CustomRecordingIds(clock);
    }

    @Bean
    StatusLinks statusLinks(OperatorPortSettings settings, OperatorConnector connector) {
        return new StatusLinks(settings, connector);
    }
}
