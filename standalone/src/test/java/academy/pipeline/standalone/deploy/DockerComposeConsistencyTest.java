package academy.pipeline.standalone.deploy;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.gateway.ports.OperatorPortSettings;
import academy.pipeline.testkit.JvmOptions;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, Dockerfile and .env.example checked against the code, since no Docker engine runs where the
 * tests run: the services are built from modules that exist and run, each container gets only variables its
 * service reads (as Spring Boot binds them, aliases included), ports agree with the services' defaults and only
 * the gateway's is published, the spool is one shared volume at the configured path, and every setting comes
 * from .env.
 */
class DockerComposeConsistencyTest {

    /** Services built from this repository: service name → module. */
    static Map<String, ServiceModule> modules = new LinkedHashMap<>();
    static Path root;
    static ComposeFile compose;
    static Dockerfile dockerfile;

    @BeforeAll
    static void load() throws Exception {
        root = Repository.root();
        compose = ComposeFile.load(root);
        dockerfile = Dockerfile.read(root.resolve("Dockerfile"));
        for (ComposeFile.Service service : pipelineServices()) {
            String module = service.buildArgs().get("MODULE");
            assertThat(module).as("build argument MODULE of service %s", service.name()).isNotBlank();
            modules.put(service.name(), ServiceModule.of(root, module));
        }
    }

    /** The structure: key names, value types, no typo such as {@code depend_on} (see compose-spec.NOTICE). */
    @Test
    void theFileFollowsTheComposeSpecification() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:deploy/compose-spec.json"));
        List<String> errors = schema.validate(EventCodec.mapper().valueToTree(compose.document())).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
        assertThat(errors).as("docker-compose.yml against the Compose Specification schema").isEmpty();
    }

    @Test
    void everyServiceModuleOfTheReactorRunsAsExactlyOneServiceBuiltByTheDockerfile() throws Exception {
        List<String> runnable = new ArrayList<>();
        for (String module : Repository.modules(root)) {
            if (!module.equals("standalone") && hasApplication(module)) {
                runnable.add(module);
            }
        }
        assertThat(modules.values().stream().map(ServiceModule::name).toList())
                .as("modules built by docker-compose.yml (every runnable module but standalone, once)")
                .containsExactlyInAnyOrderElementsOf(runnable);

        Map<String, String> buildArgs = dockerfile.runtime().argDefaults();
        assertThat(buildArgs).as("Dockerfile ARGs").containsKey("MODULE");
        assertThat(buildArgs.get("VERSION")).as("Dockerfile VERSION default = the reactor's version")
                .isEqualTo(Repository.version(root));

        SoftAssertions softly = new SoftAssertions();
        for (ComposeFile.Service service : pipelineServices()) {
            ServiceModule module = modules.get(service.name());
            softly.assertThat(service.buildContext()).as("build context of %s", service.name()).isEqualTo(".");
            softly.assertThat(service.buildArgs().keySet()).as("build args of %s", service.name())
                    .isSubsetOf(buildArgs.keySet());
            softly.assertThat(Repository.buildsExecJar(module.directory()))
                    .as("%s's pom repackages %s-<version>-exec.jar", module.name(), module.name()).isTrue();
        }
        softly.assertAll();
    }

    @Test
    void everyEnvironmentVariableOfAServiceIsOneThatServiceReads() {
        Set<String> entrypointVariables = variablesUsedBy(dockerfile.runtime().entrypoint());
        SoftAssertions softly = new SoftAssertions();
        for (ComposeFile.Service service : pipelineServices()) {
            ServiceSettings settings = ServiceSettings.of(modules.get(service.name()));
            // An optional variable left empty in .env (the service then ignores it) is asked about with a value.
            Map<String, String> environment = new LinkedHashMap<>(service.environment());
            environment.replaceAll((variable, value) -> value.isEmpty() ? "example-" + variable : value);
            Set<String> read = new LinkedHashSet<>(settings.readVariables(environment));
            read.addAll(entrypointVariables);
            Set<String> unread = new TreeSet<>(service.environment().keySet());
            unread.removeAll(read);
            softly.assertThat(unread)
                    .as("variables of service %s that no setting of %s reads (its settings: %s)", service.name(),
                            modules.get(service.name()).name(), settings.propertiesClasses())
                    .isEmpty();
        }
        softly.assertAll();
    }

    @Test
    void eachServiceListensOnItsDefaultPortThereItsHealthIsCheckedAndOnlyTheGatewayIsPublished() {
        SoftAssertions softly = new SoftAssertions();
        for (ComposeFile.Service service : pipelineServices()) {
            ServiceModule module = modules.get(service.name());
            OptionalInt defaultPort = module.defaultPort();
            Optional<Integer> configured = ServiceSettings.serverPort(service.environment());
            softly.assertThat(defaultPort).as("%s declares its default port (DEFAULT_PORT)",
                    module.mainClass().getSimpleName()).isPresent();
            int port = configured.orElseGet(() -> defaultPort.orElse(-1));
            if (configured.isPresent() && defaultPort.isPresent()) {
                softly.assertThat(configured.get()).as("SERVER_PORT of %s = %s.DEFAULT_PORT", service.name(),
                        module.mainClass().getSimpleName()).isEqualTo(defaultPort.getAsInt());
            }
            boolean gateway = service.name().equals("gateway");
            OperatorPortSettings operator = gateway
                    ? ServiceSettings.of(module).bind(service.environment(), OperatorPortSettings.class) : null;
            // The gateway's actuator is on its operator port; a stage's on its only port.
            int healthPort = gateway ? operator.operatorPortFor(port) : port;
            String health = service.healthCheckCommand();
            softly.assertThat(health).as("health check of %s", service.name()).isNotNull();
            if (health != null) {
                Matcher url = Pattern.compile("https?://(127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)").matcher(health);
                softly.assertThat(url.find()).as("health check of %s calls a local URL: %s", service.name(), health)
                        .isTrue();
                if (url.find(0)) {
                    softly.assertThat(Integer.parseInt(url.group(2))).as("health check port of %s", service.name())
                            .isEqualTo(healthPort);
                    softly.assertThat(url.group(3)).as("health check path of %s", service.name())
                            .isEqualTo("/actuator/health");
                    softly.assertThat(health).as("health check of %s fails on a non-2xx answer", service.name())
                            .startsWith("curl").contains("-f");
                }
            }
            if (gateway) {
                softly.assertThat(operator.operatorPortFor(port)).as("the gateway's operator port")
                        .isEqualTo(OperatorPortSettings.DEFAULT_OPERATOR_PORT);
                softly.assertThat(service.ports()).as("published ports of the gateway").hasSize(2);
                softly.assertThat(service.ports().stream().map(DockerComposeConsistencyTest::containerPort).toList())
                        .as("container ports the gateway publishes: public, operator")
                        .containsExactly(port, operator.operatorPortFor(port));
                service.ports().stream().filter(mapping -> containerPort(mapping) == operator.operatorPortFor(port))
                        .forEach(mapping -> softly.assertThat(mapping).as("the operator port is published on the host's"
                                + " loopback only").startsWith("127.0.0.1:"));
                if (!loopback(operator.operatorAddress())) {
                    softly.assertThat(health).as("bound beyond loopback, the operator port needs the token: the"
                            + " gateway's health check sends it").contains("Authorization: Bearer $PIPELINE_INTERNAL_TOKEN");
                }
            } else {
                softly.assertThat(service.ports()).as("published ports of %s", service.name()).isEmpty();
                softly.assertThat(service.environment()).as("%s listens on its container's loopback only",
                        service.name()).doesNotContainKey("SERVER_ADDRESS");
                softly.assertThat(module.defaultAddress()).as("%s's default server.address (DEFAULT_ADDRESS)",
                        module.mainClass().getSimpleName()).hasValue("127.0.0.1");
            }
        }
        softly.assertThat(compose.service("kafka").ports()).as("published ports of kafka").isEmpty();
        softly.assertAll();
    }

    @Test
    void theSpoolAndDataFolderOfEveryServiceAreOnOneSharedVolumeMountedAtTheSamePath() {
        Map<String, PipelineSettings> settings = new LinkedHashMap<>();
        Set<String> mounts = new LinkedHashSet<>();
        SoftAssertions softly = new SoftAssertions();
        for (ComposeFile.Service service : pipelineServices()) {
            PipelineSettings pipeline = ServiceSettings.of(modules.get(service.name()))
                    .bind(service.environment(), PipelineSettings.class);
            settings.put(service.name(), pipeline);
            Optional<Map.Entry<String, String>> spoolMount = service.volumes().entrySet().stream()
                    .filter(mount -> pipeline.spoolDir().startsWith(Path.of(mount.getValue())))
                    .findFirst();
            softly.assertThat(spoolMount).as("a volume of %s holds its spool %s", service.name(), pipeline.spoolDir())
                    .isPresent();
            spoolMount.ifPresent(mount -> {
                mounts.add(mount.getKey() + ":" + mount.getValue());
                softly.assertThat(compose.namedVolumes()).as("%s's spool volume is a named volume", service.name())
                        .contains(mount.getKey());
                softly.assertThat(pipeline.dataDir()).as("%s's data folder (tus uploads, custom-upload files) is on"
                        + " the spool's volume, so download takes files over by rename", service.name())
                        .startsWithRaw(Path.of(mount.getValue()));
                softly.assertThat(String.join("\n", dockerfile.runtime().arguments("RUN")))
                        .as("the image creates %s for its non-root user (a fresh named volume takes that owner)",
                                mount.getValue())
                        .contains("chown -R " + dockerfile.runtime().user() + ":")
                        .containsPattern("chown -R \\S+ " + Pattern.quote(mount.getValue()) + "(\\s|$)");
            });
        }
        softly.assertThat(settings.keySet()).as("services sharing the spool")
                .contains("download", "archive", "stream", "notify", "gateway");
        softly.assertThat(mounts).as("one volume, mounted at one path, in every service").hasSize(1);
        softly.assertThat(settings.values().stream().map(PipelineSettings::spoolDir).distinct())
                .as("the spool folder of every service").hasSize(1);
        softly.assertAll();
    }

    @Test
    void everyServiceRestartsAndTheStagesWaitForAHealthyPersistentKRaftBroker() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        compose.services().values().forEach(service -> {
            softly.assertThat(service.restart()).as("restart policy of %s", service.name()).isEqualTo("unless-stopped");
            softly.assertThat(service.healthCheckCommand()).as("health check of %s", service.name()).isNotBlank();
            softly.assertThat(service.memoryLimit()).as("memory limit of %s", service.name()).isNotBlank();
        });

        ComposeFile.Service kafka = compose.service("kafka");
        Map<String, String> broker = kafka.environment();
        softly.assertThat(kafka.image()).as("the broker is the official image of the client's Kafka version")
                .isEqualTo("apache/kafka:" + Repository.property(root, "kafka.version"));
        softly.assertThat(broker.get("KAFKA_PROCESS_ROLES")).as("KRaft combined mode").isEqualTo("broker,controller");
        softly.assertThat(kafka.volumes()).as("the broker's log is on a named volume at KAFKA_LOG_DIRS")
                .containsValue(broker.get("KAFKA_LOG_DIRS"));
        kafka.volumes().forEach((source, target) -> softly.assertThat(compose.namedVolumes())
                .as("volume %s of kafka is declared", source).contains(source));
        softly.assertThat(broker.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("topics only as the services declare them")
                .isEqualTo("false");
        String advertised = broker.get("KAFKA_ADVERTISED_LISTENERS");

        for (ComposeFile.Service service : pipelineServices()) {
            softly.assertThat(service.dependsOn()).as("%s waits for a healthy broker", service.name())
                    .containsEntry("kafka", "service_healthy");
            String bootstrap = service.environment().get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
            softly.assertThat(bootstrap).as("%s's bootstrap servers", service.name()).isNotBlank();
            if (bootstrap != null) {
                softly.assertThat(advertised).as("%s's bootstrap %s is the listener the broker advertises",
                        service.name(), bootstrap).contains("//" + bootstrap);
            }
        }
        softly.assertAll();
    }

    @Test
    void everySettingComesFromTheEnvFileAndEveryVariableThereIsUsedAndDocumented() throws Exception {
        EnvFile env = compose.envFile();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(new TreeSet<>(compose.referencedVariables())).as("variables docker-compose.yml reads")
                .isEqualTo(new TreeSet<>(env.values().keySet()));
        env.documentation().forEach((variable, text) -> softly.assertThat(text)
                .as("documentation of %s in .env.example", variable).isNotBlank());
        compose.requiredVariables().forEach(variable -> softly.assertThat(env.documentation().get(variable))
                .as("%s is required by docker-compose.yml: .env.example says so", variable).contains("REQUIRED"));
        env.documentation().forEach((variable, text) -> {
            if (text.contains("REQUIRED")) {
                softly.assertThat(compose.requiredVariables()).as("%s is marked REQUIRED: compose enforces it", variable)
                        .contains(variable);
            }
        });
        Pattern secret = Pattern.compile("TOKEN|SECRET|PASSWORD|_KEY$|_KEY_");
        String raw = Files.readString(root.resolve("docker-compose.yml"));
        compose.services().values().forEach(service -> service.environment().forEach((variable, value) -> {
            if (secret.matcher(variable).find()) {
                softly.assertThat(raw).as("secret %s of %s comes from .env", variable, service.name())
                        .containsPattern(Pattern.quote(variable) + ":\\s*\\$\\{");
                softly.assertThat(compose.requiredVariables().stream().anyMatch(value::contains)
                                || value.isEmpty() || value.startsWith("example-"))
                        .as("secret %s of %s has no default in docker-compose.yml", variable, service.name()).isTrue();
            }
        }));
        softly.assertThat(Files.readAllLines(root.resolve(".gitignore"))).as(".gitignore keeps .env out of git")
                .contains(".env");
        softly.assertAll();
    }

    @Test
    void theImageRunsAsANonRootUserOnAJreWithTheSmallFootprintFlagsOfBinJvmOptions() throws Exception {
        Dockerfile.Stage runtime = dockerfile.runtime();
        assertThat(runtime.from()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(runtime.user()).as("USER of the image").isNotIn("root", "0", "").doesNotStartWith("0:");
        Map<String, String> env = runtime.env();
        String javaOptions = env.get("JAVA_OPTS");
        assertThat(runtime.entrypoint()).as("the entrypoint applies JAVA_OPTS").contains("$JAVA_OPTS")
                .contains("exec java");
        assertThat(javaOptions).as("the heap follows the container's memory limit").contains("-XX:MaxRAMPercentage=")
                .doesNotContain("-Xmx");

        List<String> expected = JvmOptions.read(root).stream().filter(flag -> !flag.startsWith("-Xmx")).toList();
        assertThat(javaOptions.split("\\s+")).as("JAVA_OPTS carries every flag of bin/jvm-options but -Xmx")
                .contains(expected.toArray(String[]::new));
        String jvmOptions = Files.readString(root.resolve("bin/jvm-options"));
        Matcher arenas = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)").matcher(jvmOptions);
        assertThat(arenas.find()).isTrue();
        assertThat(env).as("ENV of the image").containsEntry("MALLOC_ARENA_MAX", arenas.group(1));

        for (ComposeFile.Service service : pipelineServices()) {
            assertThat(service.memoryLimit()).as("memory limit of %s (the heap is a share of it)", service.name())
                    .matches("\\d+[kmg]");
        }
    }

    private static List<ComposeFile.Service> pipelineServices() {
        return compose.services().values().stream().filter(ComposeFile.Service::isBuilt).toList();
    }

    private static boolean hasApplication(String module) throws Exception {
        try {
            ServiceModule.of(root, module);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether an address literal or name is loopback (no DNS: literals and "localhost" only). */
    private static boolean loopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
    }

    /** The container side of a port mapping {@code [ip:]host:container[/protocol]}. */
    private static int containerPort(String mapping) {
        String withoutProtocol = mapping.split("/")[0];
        return Integer.parseInt(withoutProtocol.substring(withoutProtocol.lastIndexOf(':') + 1));
    }

    /** {@code $NAME} and {@code ${NAME}} occurrences in a command. */
    private static Set<String> variablesUsedBy(String command) {
        Set<String> names = new LinkedHashSet<>();
        if (command != null) {
            Matcher matcher = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)").matcher(command);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
