package academy.pipeline.standalone;

import academy.pipeline.core.event.Topics;
import academy.pipeline.standalone.deploy.Repository;
import academy.pipeline.testkit.FreePorts;
import academy.pipeline.testkit.JvmOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An exported {@code SPRING_KAFKA_BOOTSTRAP_SERVERS} is never silently mixed with the embedded broker: standalone
 * then starts no broker of its own and its banner names the broker it uses; asking for the embedded broker as well
 * is refused with a message. Standalone runs as its own process here, because the variable must be in its real
 * environment.
 */
class StandaloneBrokerChoiceTest {

    private static final String ADDRESS_PROPERTY = "standalone-broker-choice-test.external-broker";

    private static EmbeddedKafkaKraftBroker external;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startExternalBroker() {
        external = new EmbeddedKafkaKraftBroker(1, 1);
        // By default it publishes its address as the system property spring.kafka.bootstrap-servers, which would
        // make every later standalone of this JVM use it instead of its own embedded broker.
        external.brokerListProperty(ADDRESS_PROPERTY);
        external.afterPropertiesSet();
    }

    @AfterAll
    static void stopExternalBroker() {
        external.destroy();
        System.clearProperty(ADDRESS_PROPERTY);
        System.clearProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
    }

    @Test
    void exportedBootstrapServersAreUsedAndNoEmbeddedBrokerStarts() throws Exception {
        Path log = dataDir.resolve("standalone.log");
        Process standalone = start(log);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(standalone.isAlive()).as("standalone is running; its log:%n%s", read(log)).isTrue();
                assertThat(read(log)).contains("Kafka:       " + external.getBrokersAsString()
                        + "  (external; no embedded broker started)");
            });
            assertThat(dataDir.resolve("kafka")).as("no embedded broker's log").doesNotExist();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    external.getBrokersAsString()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .as("the pipeline's topics are on the exported broker").contains(Topics.DOWNLOAD);
            }
        } finally {
            stop(standalone);
        }
    }

    @Test
    void embeddedBrokerAskedForTogetherWithExportedBootstrapServersIsRefused() throws Exception {
        Path log = dataDir.resolve("standalone.log");
        Process standalone = start(log, "--pipeline.standalone.embedded-broker=true");
        try {
            assertThat(standalone.waitFor(2, TimeUnit.MINUTES)).as("standalone stops at once").isTrue();
            assertThat(standalone.exitValue()).isNotZero();
            assertThat(read(log)).contains("pipeline.standalone.embedded-broker=true, but "
                    + "spring.kafka.bootstrap-servers is set to " + external.getBrokersAsString());
            assertThat(dataDir.resolve("kafka")).doesNotExist();
        } finally {
            stop(standalone);
        }
    }

    private Process start(Path log, String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.read(Repository.root()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StandaloneApplication.class.getName(),
                "--pipeline.data-dir=" + dataDir,
                "--server.port=" + FreePorts.next(),
                "--pipeline.standalone.kafka-port=" + FreePorts.next(),
                "--pipeline.standalone.controller-port=" + FreePorts.next()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SPRING_KAFKA_BOOTSTRAP_SERVERS", external.getBrokersAsString());
        return builder.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
