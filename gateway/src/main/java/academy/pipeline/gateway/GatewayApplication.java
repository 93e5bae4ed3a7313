package academy.pipeline.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/** Runs the gateway on its own, on port 9009 unless {@code server.port} says otherwise. */
@SpringBootApplication
public class GatewayApplication {

    /** The old pipeline's port, so existing callers keep working. */
    public static final int DEFAULT_PORT = 9009;

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("server.port", DEFAULT_PORT))
                .run(args);
    }
}
