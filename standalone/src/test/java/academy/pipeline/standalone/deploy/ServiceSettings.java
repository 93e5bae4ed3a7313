package academy.pipeline.standalone.deploy;

import academy.pipeline.core.config.PipelineEnvironmentDefaults;
import academy.pipeline.core.event.EventCodec;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.BoundPropertiesTrackingBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a service reads from its environment, decided by Spring Boot's own machinery rather than by name
 * matching: the environment is built as the service would see it (system environment, then
 * {@link PipelineEnvironmentDefaults} with its vendor aliases), and every {@code @ConfigurationProperties} class of
 * the service (those of pipeline-core and of the service's module) is bound from it, recording which variables
 * supplied a bound value. Variables that set a property Spring Boot itself documents
 * ({@code META-INF/spring-configuration-metadata.json}: {@code spring.kafka.*}, {@code server.*}, ...) count as
 * read too.
 */
public final class ServiceSettings {

    private static final String ENVIRONMENT = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    private static final String CORE_PACKAGE = "academy.pipeline.core";
    private static final Map<ConfigurationPropertyName, Boolean> SPRING_PROPERTIES = springBootProperties();

    private final List<Class<?>> propertiesClasses;

    private ServiceSettings(List<Class<?>> propertiesClasses) {
        this.propertiesClasses = propertiesClasses;
    }

    /** The settings of {@code module}: the {@code @ConfigurationProperties} classes under its package and core's. */
    public static ServiceSettings of(ServiceModule module) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> classes = new ArrayList<>();
        for (String basePackage : List.of(CORE_PACKAGE, module.basePackage())) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                try {
                    classes.add(Class.forName(candidate.getBeanClassName()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return new ServiceSettings(List.copyOf(classes));
    }

    public List<Class<?>> propertiesClasses() {
        return propertiesClasses;
    }

    /**
     * The variables of {@code environment} the service reads.
     *
     * @throws org.springframework.boot.context.properties.bind.BindException when a value does not convert to
     *                                                                        its setting's type
     */
    public Set<String> readVariables(Map<String, String> environment) {
        StandardEnvironment spring = springEnvironment(environment);
        Binder binder = Binder.get(spring);
        Set<String> read = new LinkedHashSet<>();
        for (Class<?> type : propertiesClasses) {
            binder.bind(prefix(type), Bindable.of(type), new BoundPropertiesTrackingBindHandler(
                    property -> read.addAll(suppliers(property, environment, spring))));
        }
        environment.forEach((variable, value) -> {
            if (setsSpringBootProperty(variable, value)) {
                read.add(variable);
            }
        });
        return read;
    }

    /** Binds one settings class as the service would, e.g. {@code PipelineSettings} to learn its spool folder. */
    public <T> T bind(Map<String, String> environment, Class<T> type) {
        return Binder.get(springEnvironment(environment)).bindOrCreate(prefix(type), type);
    }

    /** {@code server.port} as the environment sets it. */
    public static Optional<Integer> serverPort(Map<String, String> environment) {
        return Binder.get(springEnvironment(environment)).bind("server.port", Integer.class).map(Optional::of)
                .orElse(Optional.empty());
    }

    private static StandardEnvironment springEnvironment(Map<String, String> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        MutablePropertySources sources = spring.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(ENVIRONMENT, new SystemEnvironmentPropertySource(ENVIRONMENT, new LinkedHashMap<>(environment)));
        new PipelineEnvironmentDefaults().postProcessEnvironment(spring, new SpringApplication());
        return spring;
    }

    /** The variables that supplied {@code property}: directly, or through a vendor alias. */
    private static Set<String> suppliers(ConfigurationProperty property, Map<String, String> environment,
                                         StandardEnvironment spring) {
        Set<String> suppliers = new LinkedHashSet<>();
        PropertySource<?> origin = (PropertySource<?>) property.getSource().getUnderlyingSource();
        if (origin == spring.getPropertySources().get(ENVIRONMENT)) {
            environment.forEach((variable, value) -> {
                if (single(variable, value).getConfigurationProperty(property.getName()) != null) {
                    suppliers.add(variable);
                }
            });
        } else {
            PipelineEnvironmentDefaults.ALIASES.forEach((variable, aliased) -> {
                if (environment.containsKey(variable) && ConfigurationPropertyName.of(aliased).equals(property.getName())) {
                    suppliers.add(variable);
                }
            });
        }
        return suppliers;
    }

    private static boolean setsSpringBootProperty(String variable, String value) {
        ConfigurationPropertySource source = single(variable, value);
        return SPRING_PROPERTIES.entrySet().stream().anyMatch(property -> property.getValue()
                ? source.containsDescendantOf(property.getKey()) == ConfigurationPropertyState.PRESENT
                : source.getConfigurationProperty(property.getKey()) != null);
    }

    private static ConfigurationPropertySource single(String variable, String value) {
        return ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(ENVIRONMENT,
                Map.of(variable, value))).iterator().next();
    }

    private static String prefix(Class<?> type) {
        MergedAnnotation<ConfigurationProperties> annotation = MergedAnnotations.from(type)
                .get(ConfigurationProperties.class);
        String prefix = annotation.getString("prefix");
        return prefix.isEmpty() ? annotation.getString("value") : prefix;
    }

    /** Every property Spring Boot's jars document, → whether it is a map (then its keys are free). */
    private static Map<ConfigurationPropertyName, Boolean> springBootProperties() {
        Map<ConfigurationPropertyName, Boolean> properties = new LinkedHashMap<>();
        try {
            for (Resource metadata : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
                try (InputStream in = metadata.getInputStream()) {
                    JsonNode documented = EventCodec.mapper().readTree(in).path("properties");
                    for (JsonNode property : documented) {
                        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property.path("name").asString());
                        if (name != null) {
                            properties.put(name, property.path("type").asString("").startsWith("java.util.Map"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
