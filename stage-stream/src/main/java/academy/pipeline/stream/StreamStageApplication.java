package academy.pipeline.stream;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/**
 * Runs the stream stage on its own. Its HTTP port (9013 unless {@code server.port} says otherwise) serves only
 * the actuator: {@code /actuator/health} (readiness follows Kafka) and {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class StreamStageApplication {

    public static final int DEFAULT_PORT = 9013;

    public static void main(String[] args) {
        new SpringApplicationBuilder(StreamStageApplication.class)
                .properties(Map.of("server.port", DEFAULT_PORT))
                .run(args);
    }
}
