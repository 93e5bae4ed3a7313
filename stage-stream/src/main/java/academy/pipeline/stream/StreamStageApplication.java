package academy.pipeline.stream;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/**
 * Runs the stream stage on its own. Its HTTP port (9013 unless {@code server.port} says otherwise) serves only
 * the actuator: {@code /actuator/health} (readiness follows Kafka) and {@code /actuator/prometheus}, on loopback
 * unless {@code server.address} says otherwise (docs/operations.md: how Prometheus scrapes it).
 */
@SpringBootApplication
public class StreamStageApplication {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 9013;

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its defaults; {@code server.*} arguments override them. */
    static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(StreamStageApplication.class)
                .properties(Map.of("server.port", DEFAULT_PORT, "server.address", DEFAULT_ADDRESS));
    }
}
