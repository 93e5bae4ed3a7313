package academy.pipeline.standalone.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as {@code docker compose} sees it with the values of .env.example: YAML anchors and merge
 * keys resolved, then every {@code ${VAR}} interpolated the way Compose does ({@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code $$}). A required variable left empty in
 * .env.example (a secret) is interpolated as {@code example-<VAR>} so the rest of the file can still be checked.
 */
public final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> document;
    private final EnvFile envFile;
    private final Set<String> referenced = new LinkedHashSet<>();
    private final Set<String> required = new LinkedHashSet<>();

    private ComposeFile(Map<String, Object> document, EnvFile envFile) {
        this.envFile = envFile;
        this.document = asMap(interpolate(document), "the document");
    }

    /** Reads {@code docker-compose.yml} with the variables of {@code .env.example}, both at {@code root}. */
    public static ComposeFile load(Path root) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> document;
        try (var reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            document = yaml.load(reader);
        }
        return new ComposeFile(document, EnvFile.read(root.resolve(".env.example")));
    }

    /** The whole file after merge keys and interpolation, as Compose validates it. */
    public Map<String, Object> document() {
        return document;
    }

    /** The services by name, in file order. */
    public Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        asMap(document.get("services"), "services").forEach((name, definition) ->
                services.put(name, new Service(name, asMap(definition, "service " + name))));
        return services;
    }

    public Service service(String name) {
        Service service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** Names declared under the top-level {@code volumes:}, i.e. the named volumes. */
    public Set<String> namedVolumes() {
        Object volumes = document.get("volumes");
        return volumes == null ? Set.of() : asMap(volumes, "volumes").keySet();
    }

    /** Every variable the file interpolates. */
    public Set<String> referencedVariables() {
        return Set.copyOf(referenced);
    }

    /** Variables interpolated with {@code :?} or {@code ?}: compose refuses to run without them. */
    public Set<String> requiredVariables() {
        return Set.copyOf(required);
    }

    public EnvFile envFile() {
        return envFile;
    }

    /** One service of the file, interpolated. */
    public record Service(String name, Map<String, Object> definition) {

        public String image() {
            return (String) definition.get("image");
        }

        /** The build arguments, or an empty map for a service that is not built from this repository. */
        public Map<String, String> buildArgs() {
            Object build = definition.get("build");
            if (!(build instanceof Map<?, ?> map)) {
                return Map.of();
            }
            return strings(map.get("args"), "build.args of " + name);
        }

        public Object buildContext() {
            Object build = definition.get("build");
            return build instanceof Map<?, ?> map ? map.get("context") : build;
        }

        public boolean isBuilt() {
            return definition.containsKey("build");
        }

        /** The container's environment as compose passes it. */
        public Map<String, String> environment() {
            return strings(definition.get("environment"), "environment of " + name);
        }

        public List<String> ports() {
            return list(definition.get("ports")).stream().map(String::valueOf).toList();
        }

        /** Volume mounts as {@code source → target} (short syntax {@code source:target[:mode]}). */
        public Map<String, String> volumes() {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (Object volume : list(definition.get("volumes"))) {
                if (volume instanceof Map<?, ?> map) {
                    mounts.put(String.valueOf(map.get("source")), String.valueOf(map.get("target")));
                } else {
                    String[] parts = String.valueOf(volume).split(":");
                    mounts.put(parts[0], parts.length > 1 ? parts[1] : parts[0]);
                }
            }
            return mounts;
        }

        public String restart() {
            return (String) definition.get("restart");
        }

        /** The health check command as one string ("CMD" / "CMD-SHELL" prefix removed), or null. */
        public String healthCheckCommand() {
            Object healthcheck = definition.get("healthcheck");
            if (!(healthcheck instanceof Map<?, ?> map) || map.get("test") == null) {
                return null;
            }
            Object test = map.get("test");
            if (test instanceof List<?> parts) {
                return String.join(" ", parts.subList(1, parts.size()).stream().map(String::valueOf).toList());
            }
            return String.valueOf(test);
        }

        /** {@code depends_on} as service → condition ({@code service_started} for the list form). */
        public Map<String, String> dependsOn() {
            Object dependsOn = definition.get("depends_on");
            Map<String, String> conditions = new LinkedHashMap<>();
            if (dependsOn instanceof Map<?, ?> map) {
                map.forEach((service, options) -> conditions.put(String.valueOf(service),
                        options instanceof Map<?, ?> o && o.get("condition") != null
                                ? String.valueOf(o.get("condition")) : "service_started"));
            } else {
                list(dependsOn).forEach(service -> conditions.put(String.valueOf(service), "service_started"));
            }
            return conditions;
        }

        /** {@code deploy.resources.limits.memory} or {@code mem_limit}, or null. */
        public String memoryLimit() {
            Object limit = definition.get("mem_limit");
            if (definition.get("deploy") instanceof Map<?, ?> deploy
                    && deploy.get("resources") instanceof Map<?, ?> resources
                    && resources.get("limits") instanceof Map<?, ?> limits
                    && limits.get("memory") != null) {
                limit = limits.get("memory");
            }
            return limit == null ? null : String.valueOf(limit);
        }
    }

    private Object interpolate(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> result.put(String.valueOf(key), interpolate(value)));
            return result;
        }
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            list.forEach(item -> result.add(interpolate(item)));
            return result;
        }
        if (node instanceof String text) {
            return interpolate(text);
        }
        return node;
    }

    private String interpolate(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(resolve(matcher)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String resolve(Matcher matcher) {
        if (matcher.group().equals("$$")) {
            return "$";
        }
        String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
        referenced.add(name);
        String operator = matcher.group(2);
        String argument = matcher.group(3);
        String value = envFile.values().get(name);
        boolean set = value != null;
        boolean setAndNonEmpty = set && !value.isEmpty();
        if (operator == null) {
            return set ? value : "";
        }
        return switch (operator) {
            case ":-" -> setAndNonEmpty ? value : argument;
            case "-" -> set ? value : argument;
            case ":+" -> setAndNonEmpty ? argument : "";
            case "+" -> set ? argument : "";
            case ":?", "?" -> {
                required.add(name);
                yield setAndNonEmpty || (operator.equals("?") && set) ? value : "example-" + name;
            }
            default -> throw new IllegalStateException(operator);
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    /** A compose string map, in either the mapping form or the {@code KEY=value} list form. */
    private static Map<String, String> strings(Object node, String what) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> result.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                String entry = String.valueOf(item);
                int equals = entry.indexOf('=');
                result.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
            }
        } else {
            throw new IllegalArgumentException(what + " is neither a mapping nor a list: " + node);
        }
        return result;
    }
}
