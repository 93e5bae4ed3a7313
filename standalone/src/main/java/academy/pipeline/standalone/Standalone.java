package academy.pipeline.standalone;

import academy.pipeline.gateway.ports.OperatorConnector;
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
 * When {@code spring.kafka.bootstrap-servers} ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}) is set, or with
 * {@code pipeline.standalone.embedded-broker=false}, no broker is started: the application connects to that
 * Kafka cluster. That runs the whole pipeline in one JVM against an external broker (a container, a cluster).
 * Asking for the embedded broker explicitly while bootstrap servers are set is refused, never silently mixed.
 */
public final class Standalone implements AutoCloseable {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_CONTROLLER_PORT = 19093;

    private static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    private static final String EMBEDDED_BROKER = "pipeline.standalone.embedded-broker";

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
     * Starts the broker under {@code <pipeline.data-dir>/kafka}, then the application. When a Kafka cluster is
     * configured ({@code spring.kafka.bootstrap-servers} on the command line, as a system property or as
     * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}), or {@code pipeline.standalone.embedded-broker=false}, no broker is
     * started and the application uses that cluster.
     *
     * @param args Spring Boot arguments ({@code --pipeline.data-dir=...}, {@code --server.port=...}, ...)
     * @throws IllegalStateException when the embedded broker is off and no bootstrap servers are configured, or
     *                               when it is explicitly on while bootstrap servers name another broker
     */
    public static Standalone start(String... args) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        Path dataDir = Path.of(environment.getProperty("pipeline.data-dir", "pipeline-data")).toAbsolutePath().normalize();
        String external = environment.getProperty(BOOTSTRAP_SERVERS);
        boolean externalConfigured = external != null && !external.isBlank();
        Boolean embeddedSetting = environment.getProperty(EMBEDDED_BROKER, Boolean.class);
        if (embeddedSetting == null ? externalConfigured : !embeddedSetting) {
            if (!externalConfigured) {
                throw new IllegalStateException(EMBEDDED_BROKER + "=false needs " + BOOTSTRAP_SERVERS
                        + " (SPRING_KAFKA_BOOTSTRAP_SERVERS): the Kafka cluster to use");
            }
            return new Standalone(null, run(dataDir, args), dataDir);
        }
        if (externalConfigured) {
            throw new IllegalStateException(EMBEDDED_BROKER + "=true, but " + BOOTSTRAP_SERVERS + " is set to "
                    + external + " (command line, system property or SPRING_KAFKA_BOOTSTRAP_SERVERS): the pipeline"
                    + " would use that broker while the embedded one runs idle. Unset it to use the embedded broker,"
                    + " or drop " + EMBEDDED_BROKER + "=true to use " + external + " without an embedded broker.");
        }
        int kafkaPort = environment.getProperty("pipeline.standalone.kafka-port", Integer.class, DEFAULT_KAFKA_PORT);
        int controllerPort = environment.getProperty("pipeline.standalone.controller-port", Integer.class,
                DEFAULT_CONTROLLER_PORT);

        BrokerLogLevel.applyBeforeSpring(environment);
        LocalKafkaBroker broker = new LocalKafkaBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort).start();
        try {
            // First on the command line: no other source (a config file, say) can point the application elsewhere.
            String[] withBroker = new String[args.length + 1];
            withBroker[0] = "--" + BOOTSTRAP_SERVERS + "=" + broker.bootstrapServers();
            System.arraycopy(args, 0, withBroker, 1, args.length);
            return new Standalone(broker, run(dataDir, withBroker), dataDir);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static ConfigurableApplicationContext run(Path dataDir, String... args) throws InterruptedException {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("server.port", "9009");
        defaults.put("pipeline.data-dir", dataDir.toString());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StandaloneApplication.class)
                .properties(defaults)
                .listeners(new BrokerLogLevel())
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

    /** The Kafka cluster the application actually uses. */
    public String bootstrapServers() {
        return context.getEnvironment().getRequiredProperty(BOOTSTRAP_SERVERS);
    }

    /** Whether the Kafka broker runs inside this JVM. */
    public boolean embeddedBroker() {
        return broker != null;
    }

    /** The gateway's public port: the intake (Zoom webhook, tus, manual-upload). */
    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The gateway's operator port: status API, operator page, custom-upload, actuator. */
    public int operatorPort() {
        return context.getBean(OperatorConnector.class).port();
    }

    /** Base URL of the operator port for this machine, e.g. {@code http://127.0.0.1:9010}. */
    public String operatorUrl() {
        return context.getBean(OperatorConnector.class).url();
    }

    public Path dataDir() {
        return dataDir;
    }

    void printWhereItIs(PrintStream out) {
        out.println();
        out.println("Recording pipeline (standalone) is running.");
        out.println("  intake:      http://localhost:" + port() + "  (public: /zoom-upload, /tusupload, /manual-upload, /healthz)");
        out.println("  operator:    " + operatorUrl() + "/  (page, GET /recordings, POST /custom-upload, /actuator)");
        out.println("  data:        " + dataDir);
        out.println("  drop files:  " + dataDir.resolve("incoming") + "  (allowed for /custom-upload)");
        out.println("  Kafka:       " + bootstrapServers() + (broker != null
                ? "  (embedded broker, log in " + broker.dataDir() + ")"
                : "  (external; no embedded broker started)"));
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
