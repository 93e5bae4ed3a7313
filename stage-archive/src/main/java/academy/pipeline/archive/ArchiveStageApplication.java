package academy.pipeline.archive;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/**
 * Runs the archive stage on its own. Its HTTP port (9012 unless {@code server.port} says otherwise) serves only
 * the actuator: {@code /actuator/health} (readiness follows Kafka) and {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class ArchiveStageApplication {

    public static final int DEFAULT_PORT = 9012;

    public static void main(String[] args) {
        new SpringApplicationBuilder(ArchiveStageApplication.class)
                .properties(Map.of("server.port", DEFAULT_PORT))
                .run(args);
    }
}
