package academy.pipeline.standalone.release;

import academy.pipeline.standalone.deploy.Repository;
import academy.pipeline.testkit.FreePorts;
import academy.pipeline.testkit.JvmOptions;
import academy.pipeline.testkit.ServiceProcess;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The packaged {@code standalone/target/standalone-1.0.0-SNAPSHOT.jar} run as its own OS process, started the way
 * {@code bin/standalone} starts it: {@code java} with the options of {@code bin/jvm-options}, {@code -jar}, Spring
 * Boot arguments, settings and secrets in the environment. Restarts reuse the data folder and ports; the
 * process's output (stdout and stderr) is appended to one log file, sliced per run.
 */
final class PackagedStandalone implements AutoCloseable {

    static final String BANNER = "Recording pipeline (standalone) is running.";

    private final ServiceProcess process;
    private final Path log;
    private final int serverPort = FreePorts.next();
    /** Where the operator endpoints ({@code /custom-upload}, {@code /recordings}) answer: the loopback operator port. */
    private final int operatorPort = FreePorts.next();
    private long runStartsAt;

    /**
     * @param dataDir     {@code --pipeline.data-dir}
     * @param environment settings and secrets, named as README.md and docs/ name them
     * @param arguments   further Spring Boot arguments
     * @param log         the process's output, kept after the run
     */
    PackagedStandalone(Path dataDir, Map<String, String> environment, List<String> arguments, Path log) throws IOException {
        Path root = Repository.root();
        this.log = log;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.read(root));
        command.addAll(List.of("-jar", jar().toString(),
                "--pipeline.data-dir=" + dataDir,
                "--server.port=" + serverPort,
                "--pipeline.gateway.operator-port=" + operatorPort,
                "--pipeline.standalone.kafka-port=" + FreePorts.next(),
                "--pipeline.standalone.controller-port=" + FreePorts.next()));
        command.addAll(arguments);
        this.process = new ServiceProcess("standalone", command, environment, log);
    }

    /** The jar {@code ./mvnw package} builds and {@code bin/standalone} runs. */
    static Path jar() {
        return Repository.root().resolve("standalone/target/standalone-1.0.0-SNAPSHOT.jar");
    }

    /** Starts the process and waits for its banner: the gateway and every stage are up then. */
    PackagedStandalone start() throws IOException {
        Files.createDirectories(log.getParent());
        runStartsAt = Files.exists(log) ? Files.size(log) : 0;
        process.start();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the standalone jar exited during start-up; its output:\n" + output());
            }
            return output().contains(BANNER);
        });
        return this;
    }

    /** SIGKILL, as a power cut or the OOM killer: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.kill();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A URL of the public connector (Zoom webhooks, tus uploads). */
    URI publicUrl(String path) {
        return URI.create("http://127.0.0.1:" + serverPort + path);
    }

    /** A URL of the operator endpoints. */
    URI operatorUrl(String path) {
        return URI.create("http://127.0.0.1:" + operatorPort + path);
    }

    Path log() {
        return log;
    }

    /** What the process printed since its last start. */
    String output() throws IOException {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(runStartsAt);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
