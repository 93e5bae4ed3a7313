package academy.pipeline.standalone;

import academy.pipeline.gateway.status.StatusCatchUp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A running standalone pipeline: the embedded broker plus the Spring application on top of it. Closing it
 * stops the application first, then the broker, so in-flight offsets are committed or safely left uncommitted.
 * <p>
 * With {@code pipeline.standalone.embedded-broker=false} no broker is started: the application connects to the
 * Kafka cluster named by {@code spring.kafka.bootstrap-servers} ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}), which
 * is then required. That runs the whole pipeline in one JVM against an external broker (a container, a cluster).
 */
public final class Standalone implements AutoCloseable {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_CONTROLLER_PORT = 19093;

    /** The embedded broker, or null when the pipeline runs against an external one. */
    private final LocalKafkaBroker broker;
    private final ConfigurableApplicationContext context;
    private final Path dataDir;

    private Standalone(LocalKafkaBroker broker, ConfigurableApplicationContext context, Path dataDir) {
        this.broker = broker;
        this.context = context;
        this.dataDir = dataDir;
    }

    /**
     * Starts the broker under {@code <pipeline.data-dir>/kafka} (unless {@code pipeline.standalone.embedded-broker}
     * is false), then the application.
     *
     * @param args Spring Boot arguments ({@code --pipeline.data-dir=...}, {@code --server.port=...}, ...)
     * @throws IllegalStateException when the embedded broker is off and no bootstrap servers are configured
     */
    public static Standalone start(String... args) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        Path dataDir = Path.of(environment.getProperty("pipeline.data-dir", "pipeline-data")).toAbsolutePath().normalize();
        if (!environment.getProperty("pipeline.standalone.embedded-broker", Boolean.class, true)) {
            environment.getRequiredProperty("spring.kafka.bootstrap-servers");
            return new Standalone(null, run(dataDir, Map.of(), args), dataDir);
        }
        int kafkaPort = environment.getProperty("pipeline.standalone.kafka-port", Integer.class, DEFAULT_KAFKA_PORT);
        int controllerPort = environment.getProperty("pipeline.standalone.controller-port", Integer.class,
                DEFAULT_CONTROLLER_PORT);

        LocalKafkaBroker broker = new LocalKafkaBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort).start();
        try {
            ConfigurableApplicationContext context = run(dataDir,
                    Map.of("spring.kafka.bootstrap-servers", broker.bootstrapServers()), args);
            return new Standalone(broker, context, dataDir);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static ConfigurableApplicationContext run(Path dataDir, Map<String, Object> kafka, String... args)
            throws InterruptedException {
        Map<String, Object> defaults = new HashMap<>(kafka);
        defaults.put("server.port", "9009");
        defaults.put("pipeline.data-dir", dataDir.toString());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StandaloneApplication.class)
                .properties(defaults)
                .registerShutdownHook(false)
                .run(args);
        awaitIntakeOpen(context);
        return context;
    }

    /**
     * Returns once the gateway's status view has caught up (intake answers 503 until then), so "started"
     * means "accepting recordings"; gives up waiting after a minute (intake keeps answering 503 meanwhile).
     */
    private static void awaitIntakeOpen(ConfigurableApplicationContext context) throws InterruptedException {
        StatusCatchUp catchUp = context.getBeanProvider(StatusCatchUp.class).getIfAvailable();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (catchUp != null && !catchUp.caughtUp() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String bootstrapServers() {
        return broker != null
                ? broker.bootstrapServers()
                : context.getEnvironment().getRequiredProperty("spring.kafka.bootstrap-servers");
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
            if (broker != null) {
                broker.close();
            }
        }
    }
}
