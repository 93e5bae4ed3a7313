package academy.pipeline.download;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/**
 * Runs the download stage on its own. Its HTTP port (9011 unless {@code server.port} says otherwise) serves only
 * the actuator: {@code /actuator/health} (readiness follows Kafka) and {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class DownloadStageApplication {

    public static final int DEFAULT_PORT = 9011;

    public static void main(String[] args) {
        new SpringApplicationBuilder(DownloadStageApplication.class)
                .properties(Map.of("server.port", DEFAULT_PORT))
                .run(args);
    }
}
