package academy.pipeline.standalone;

import academy.pipeline.standalone.deploy.ComposeFile;
import academy.pipeline.standalone.deploy.Dockerfile;
import academy.pipeline.standalone.deploy.Repository;
import academy.pipeline.testkit.FreePorts;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docker compose up} without Docker: every service of docker-compose.yml that is built from this repository
 * runs as its own process from its exec jar, with the environment compose gives it (interpolated from
 * .env.example), the image's JAVA_OPTS and MALLOC_ARENA_MAX, and its memory limit as the JVM's MaxRAM (what the
 * container's cgroup limit would be). Until each one's health check passes, then the custom-upload scenario runs
 * through them. Only what Docker itself provides is stood in for: the {@code kafka} service (an embedded broker;
 * its address replaces {@code kafka:9092}), the volume (a temporary folder where the mount target was), the
 * container hostname, free ports instead of the fixed container ports (this host is shared), and the website.
 * Vendor credentials are left out, so archive and stream use their local-folder providers.
 */
class ComposeServicesAsProcessesTest {

    private static final Pattern VENDOR_CREDENTIAL = Pattern.compile("^(B2_|BUNNY_|ZOOM_)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    static LocalKafkaBroker broker;
    static WebsiteReceiver website;
    static final Map<String, Process> processes = new LinkedHashMap<>();
    static final Map<String, URI> healthUrls = new LinkedHashMap<>();
    /** Bearer tokens the health checks send (service → token), as the command in docker-compose.yml does. */
    static final Map<String, String> healthTokens = new LinkedHashMap<>();
    static int operatorPort;
    static String operatorToken;
    static Path volume;
    /** Service logs, kept after the run for a look at what went wrong. */
    static final Path LOGS = Path.of("target", "compose-services").toAbsolutePath();

    @BeforeAll
    static void startTheComposeServices() throws Exception {
        Path root = Repository.root();
        ComposeFile compose = ComposeFile.load(root);
        List<ComposeFile.Service> services = compose.services().values().stream()
                .filter(ComposeFile.Service::isBuilt).toList();
        for (ComposeFile.Service service : services) {
            assumeTrue(Files.isRegularFile(jar(root, service)),
                    "service jars not built: run ./mvnw package (verify builds them before this test)");
        }
        Dockerfile.Stage image = Dockerfile.read(root.resolve("Dockerfile")).runtime();
        volume = Files.createDirectories(work.resolve("volume"));
        Files.createDirectories(LOGS);
        broker = new LocalKafkaBroker(work.resolve("kafka"), FreePorts.next(), FreePorts.next()).start();
        website = WebsiteReceiver.start(CustomUploadScenario.WEBSITE_SECRET);

        for (ComposeFile.Service service : services) {
            String mountTarget = service.volumes().values().iterator().next();
            int port = FreePorts.next();
            Map<String, String> environment = new LinkedHashMap<>(image.env());
            service.environment().forEach((variable, value) -> {
                if (!VENDOR_CREDENTIAL.matcher(variable).find()) {
                    environment.put(variable, value.startsWith(mountTarget)
                            ? volume + value.substring(mountTarget.length()) : value);
                }
            });
            environment.put("HOSTNAME", service.name() + "-1");
            environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            environment.put("SERVER_PORT", Integer.toString(port));
            if (environment.containsKey("WEBSITE_NOTIFY_URL")) {
                environment.put("WEBSITE_NOTIFY_URL", website.url().toString());
                environment.put("WEBSITE_NOTIFY_SECRET", CustomUploadScenario.WEBSITE_SECRET);
            }
            int healthPort = port;
            if (service.name().equals("gateway")) {
                operatorPort = FreePorts.next();
                healthPort = operatorPort;
                environment.put("PIPELINE_GATEWAY_OPERATORPORT", Integer.toString(operatorPort));
                operatorToken = environment.get("PIPELINE_INTERNAL_TOKEN");
            }
            healthUrls.put(service.name(), healthUrl(service, healthPort));
            if (service.healthCheckCommand().contains("Bearer $PIPELINE_INTERNAL_TOKEN")) {
                healthTokens.put(service.name(), environment.get("PIPELINE_INTERNAL_TOKEN"));
            }
            processes.put(service.name(), start(root, service, image, environment));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (website != null) {
            website.close();
        }
    }

    @Test
    void everyServiceBecomesHealthyAndACustomUploadGoesThroughThemAll() throws Exception {
        await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            processes.forEach((name, process) -> assertThat(process.isAlive())
                    .as("%s is running (log: %s)", name, LOGS.resolve(name + ".log")).isTrue());
            healthUrls.forEach((name, url) -> assertThat(status(url, healthTokens.get(name)))
                    .as("health of %s at %s", name, url).isEqualTo(200));
        });

        new CustomUploadScenario(new Gateway(), website).customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied();
    }

    private static Process start(Path root, ComposeFile.Service service, Dockerfile.Stage image,
                                 Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxRAM=" + service.memoryLimit());
        command.addAll(Arrays.asList(environment.remove("JAVA_OPTS").trim().split("\\s+")));
        command.addAll(List.of("-jar", jar(root, service).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(service.name() + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Path jar(Path root, ComposeFile.Service service) {
        String module = service.buildArgs().get("MODULE");
        return root.resolve(module).resolve("target").resolve(module + "-1.0.0-SNAPSHOT-exec.jar");
    }

    /** The URL the service's compose health check calls, on the port the process listens on here. */
    private static URI healthUrl(ComposeFile.Service service, int port) {
        Matcher url = Pattern.compile("http://(127\\.0\\.0\\.1|localhost):\\d+(/\\S*)").matcher(service.healthCheckCommand());
        assertThat(url.find()).as("health check URL of %s", service.name()).isTrue();
        return URI.create("http://127.0.0.1:" + port + url.group(2));
    }

    private static int status(URI url, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The gateway process as the scenario's pipeline: its operator port, bound beyond loopback as in compose. */
    private static final class Gateway implements RunningPipeline {

        @Override
        public Path dataDir() {
            return volume;
        }

        @Override
        public String operatorUrl() {
            return "http://127.0.0.1:" + operatorPort;
        }

        @Override
        public String operatorToken() {
            return operatorToken;
        }
    }
}
