package academy.pipeline.gateway.status;

import academy.pipeline.core.ops.KafkaProbe;
import academy.pipeline.core.ops.OperationsSettings;
import academy.pipeline.gateway.web.ZoomRefusalMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;

/** The operator page's first screen: stage strip, counts, charts, and the gauges and counters alerts use. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleSettings.class)
@Import(ConsoleController.class)
public class ConsoleConfiguration {

    @Bean
    StageHeartbeatView stageHeartbeatView() {
        return new StageHeartbeatView();
    }

    @Bean
    QueueDepths queueDepths(KafkaAdmin kafka, KafkaProbe probe, StageHeartbeatView heartbeats,
                            ConsoleSettings settings, OperationsSettings operations, Clock clock) {
        return new QueueDepths(kafka, probe, heartbeats, settings.queueRefresh(), operations.kafkaTimeout(), clock);
    }

    @Bean
    StageStrip stageStrip(RecordingStatusView view, StatusCatchUp catchUp, StageHeartbeatView heartbeats,
                          QueueDepths queues, ConsoleSettings settings, Clock clock) {
        return new StageStrip(view, catchUp, heartbeats, queues, settings.silentAfter(), clock);
    }

    @Bean
    ConsoleMetrics consoleMetrics(StageStrip strip, Clock clock) {
        return new ConsoleMetrics(strip, clock);
    }

    @Bean
    FilterRegistrationBean<ZoomRefusalMetrics> zoomRefusalMetrics(MeterRegistry registry) {
        FilterRegistrationBean<ZoomRefusalMetrics> registration =
                new FilterRegistrationBean<>(new ZoomRefusalMetrics(registry).register());
        registration.addUrlPatterns("/zoom-upload");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
