package academy.pipeline.standalone.deploy;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.external-kafka.yml}, the override that runs the services against an external cluster (see
 * docs/production.md), against docker-compose.yml and the code: it covers every pipeline service, leaves the
 * bundled broker unstarted (a profile) and drops the wait for it ({@code depends_on: !reset}), and every variable
 * it sets is one the service reads, decided by Spring Boot's binder as in {@link DockerComposeConsistencyTest}.
 */
class ExternalKafkaOverrideTest {

    private static final Object RESET = new Object();

    @Test
    void overrideCoversEveryServiceSkipsTheBundledBrokerAndSetsOnlySettingsTheServicesRead() throws Exception {
        Path root = Repository.root();
        ComposeFile compose = ComposeFile.load(root);
        Map<String, Object> override = load(root.resolve("docker-compose.external-kafka.yml"));
        Map<String, Map<String, Object>> services = child(override, "services");

        List<ComposeFile.Service> pipeline = compose.services().values().stream().filter(ComposeFile.Service::isBuilt)
                .toList();
        assertThat(services.keySet()).as("the override names the broker and every pipeline service")
                .containsExactlyInAnyOrderElementsOf(concat("kafka", pipeline.stream().map(ComposeFile.Service::name)
                        .toList()));
        assertThat(services.get("kafka").get("profiles")).as("the bundled broker only in a profile nobody activates")
                .isInstanceOf(List.class);

        SoftAssertions softly = new SoftAssertions();
        for (ComposeFile.Service service : pipeline) {
            Map<String, Object> settings = services.get(service.name());
            softly.assertThat(settings.get("depends_on")).as("%s no longer waits for the bundled broker",
                    service.name()).isSameAs(RESET);
            Map<String, String> environment = new LinkedHashMap<>();
            this.<Map<String, Object>>cast(settings.get("environment")).forEach((variable, value) ->
                    environment.put(variable, String.valueOf(value).replaceAll("\\$\\{[^}]+}", "example")));
            ServiceModule module = ServiceModule.of(root, service.buildArgs().get("MODULE"));
            Set<String> unread = new TreeSet<>(environment.keySet());
            unread.removeAll(ServiceSettings.of(module).readVariables(environment));
            softly.assertThat(unread).as("variables the override gives %s that it does not read", service.name())
                    .isEmpty();
            softly.assertThat(environment).as("%s: the client security of every Kafka client", service.name())
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsKeys("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
        }
        softly.assertAll();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** Compose YAML with its {@code !reset} tag, which marks an attribute the override removes. */
    private static Map<String, Object> load(Path file) throws Exception {
        SafeConstructor constructor = new SafeConstructor(new LoaderOptions()) {
            {
                yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return RESET;
                    }
                });
            }
        };
        return new Yaml(constructor).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static <T> T child(Map<String, Object> map, String key) {
        return (T) map.get(key);
    }

    @SuppressWarnings("unchecked")
    private <T> T cast(Object value) {
        return (T) value;
    }
}
