package academy.pipeline.standalone;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running standalone pipeline: the embedded broker plus the Spring application on top of it. Closing it
 * stops the application first, then the broker, so in-flight offsets are committed or safely left uncommitted.
 */
public final class Standalone implements AutoCloseable {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_CONTROLLER_PORT = 19093;

    private final LocalKafkaBroker broker;
    private final ConfigurableApplicationContext context;
    private final Path dataDir;

    private Standalone(LocalKafkaBroker broker, ConfigurableApplicationContext context, Path dataDir) {
        this.broker = broker;
        this.context = context;
        this.dataDir = dataDir;
    }

    /**
     * Starts the broker under {@code <pipeline.data-dir>/kafka}, then the application.
     *
     * @param args Spring Boot arguments ({@code --pipeline.data-dir=...}, {@code --server.port=...}, ...)
     */
    public static Standalone start(String... args) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        Path dataDir = Path.of(environment.getProperty("pipeline.data-dir", "pipeline-data")).toAbsolutePath().normalize();
        int kafkaPort = environment.getProperty("pipeline.standalone.kafka-port", Integer.class, DEFAULT_KAFKA_PORT);
        int controllerPort = environment.getProperty("pipeline.standalone.controller-port", Integer.class,
                DEFAULT_CONTROLLER_PORT);

        LocalKafkaBroker broker = new LocalKafkaBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort).start();
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(StandaloneApplication.class)
                    .properties(Map.of(
                            "server.port", "9009",
                            "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                            "pipeline.data-dir", dataDir.toString()))
                    .registerShutdownHook(false)
                    .run(args);
            return new Standalone(broker, context, dataDir);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The port the gateway listens on. */
    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    void printWhereItIs(PrintStream out) {
        out.println();
        out.println("Recording pipeline (standalone) is running.");
        out.println("  gateway:     http://localhost:" + port() + "/  (POST /custom-upload, GET /recordings)");
        out.println("  data:        " + dataDir);
        out.println("  drop files:  " + dataDir.resolve("incoming") + "  (allowed for /custom-upload)");
        out.println("  Kafka:       " + bootstrapServers());
        out.println("Stop with Ctrl+C; unfinished recordings resume on the next start.");
        out.println();
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            broker.close();
        }
    }
}
