package academy.pipeline.notify;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/**
 * Runs the notify stage on its own. Its HTTP port (9014 unless {@code server.port} says otherwise) serves only
 * the actuator: {@code /actuator/health} (readiness follows Kafka) and {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class NotifyStageApplication {

    public static final int DEFAULT_PORT = 9014;

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotifyStageApplication.class)
                .properties(Map.of("server.port", DEFAULT_PORT))
                .run(args);
    }
}
