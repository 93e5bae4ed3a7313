package academy.pipeline.standalone.deploy;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's documentation (README.md, SECURITY.md, docs/*.md) against the repository: every relative link and
 * every repository path it names exists, every {@code pipeline.*} property it names is one a service binds, and
 * every environment variable it names is read by a service (decided by Spring Boot's binder, as in
 * {@link DockerComposeConsistencyTest}), by docker-compose.yml's {@code .env}, or by a script or image of this
 * repository.
 */
class DocumentationConsistencyTest {

    /** Read by {@code Standalone} before Spring starts, so no {@code @ConfigurationProperties} class has them. */
    private static final Set<String> STANDALONE_PROPERTIES = Set.of("pipeline.standalone.kafka-port",
            "pipeline.standalone.controller-port", "pipeline.standalone.embedded-broker",
            "pipeline.standalone.broker-log-level");
    /** Values tried in turn until one converts to the setting's type (a number, a flag, a duration, a URL...). */
    private static final List<String> SAMPLE_VALUES = List.of("1", "true", "10s", "32MB", "http://127.0.0.1:1/x",
            "download", "x");
    /** Where the documentation may point into the repository by a bare path. */
    private static final Pattern REPOSITORY_PATH = Pattern.compile("^(?:\\.\\./|\\./)*(?:docs|bin|bench|\\.ci|shared)/\\S*");
    /** A path out of the page's folder in plain text ({@code ../shared/x.md}), not an elided one ({@code a/.../B}). */
    private static final Pattern SIBLING_FILE = Pattern.compile("(?<![\\w./])(\\.\\./[\\w./-]*\\.[a-z]+)\\b");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    /** A property name, not a package ({@code academy.pipeline.testkit}) and not a prefix ({@code pipeline.http.*}). */
    private static final Pattern PROPERTY = Pattern.compile("(?<![\\w.])pipeline\\.[a-z0-9<>|.*-]+");
    private static final Pattern VARIABLE = Pattern.compile("^\\$?\\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\\}?(?:=.*)?$");

    static Path root;
    static Map<Path, String> pages = new LinkedHashMap<>();
    static List<ServiceSettings> services = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        root = Repository.root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        if (Files.exists(root.resolve("SECURITY.md"))) {
            files.add(root.resolve("SECURITY.md"));
        }
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            pages.put(file, Files.readString(file));
        }
        for (String module : Repository.modules(root)) {
            try {
                services.add(ServiceSettings.of(ServiceModule.of(root, module)));
            } catch (IllegalArgumentException notAService) {
                // pipeline-core, pipeline-testkit: their settings come with every service
            }
        }
        assertThat(services).as("services found").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void everyRelativeLinkAndEveryRepositoryPathNamedResolves() {
        Set<String> broken = new LinkedHashSet<>();
        pages.forEach((page, text) -> {
            Matcher link = MARKDOWN_LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("^[a-z]+:.*") && !target.startsWith("#")) {
                    check(page, page.getParent(), target.replaceFirst("#.*$", ""), broken);
                }
            }
            Matcher code = CODE.matcher(text);
            while (code.find()) {
                String first = code.group(1).trim().split("\\s+")[0];
                if (REPOSITORY_PATH.matcher(first).matches() && !first.matches(".*[*<>{}$].*")) {
                    Path base = first.startsWith("./") || first.startsWith("../") ? page.getParent() : root;
                    check(page, base, first.replaceFirst("[,.:;)]+$", ""), broken);
                }
            }
            Matcher sibling = SIBLING_FILE.matcher(text);
            while (sibling.find()) {
                check(page, page.getParent(), sibling.group(1), broken);
            }
        });
        assertThat(broken).as("links and paths that point nowhere").isEmpty();
    }

    @Test
    void everyPipelinePropertyNamedIsBoundByAService() {
        Set<String> unbound = new TreeSet<>();
        Set<String> checked = new TreeSet<>();
        pages.forEach((page, text) -> {
            Matcher code = CODE.matcher(text);
            while (code.find()) {
                String snippet = code.group(1);
                Matcher property = PROPERTY.matcher(snippet);
                while (property.find()) {
                    int end = property.end();
                    String value = end < snippet.length() && snippet.charAt(end) == '='
                            ? snippet.substring(end + 1).split("\\s+")[0] : null;
                    String documented = property.group().replaceFirst("[.-]+$", "");
                    if (documented.contains("*")) {
                        continue;
                    }
                    for (String name : expand(documented)) {
                        checked.add(name);
                        if (!STANDALONE_PROPERTIES.contains(name) && !bound(environmentName(name), value)) {
                            unbound.add(name + " (" + root.relativize(page) + ")");
                        }
                    }
                }
            }
        });
        assertThat(checked).as("properties found in the docs").hasSizeGreaterThan(50);
        assertThat(unbound).as("documented properties no service binds").isEmpty();
        assertThat(source("standalone/src/main/java/academy/pipeline/standalone/Standalone.java")
                + source("standalone/src/main/java/academy/pipeline/standalone/BrokerLogLevel.java"))
                .as("Standalone reads its own settings").contains(STANDALONE_PROPERTIES.stream()
                        .map(p -> "\"" + p + "\"").toList());
    }

    @Test
    void everyEnvironmentVariableNamedIsReadBySomething() throws Exception {
        Set<String> compose = EnvFile.read(root.resolve(".env.example")).values().keySet();
        String scripts = scriptsAndImages();
        Set<String> constants = codeConstants();
        Set<String> unread = new TreeSet<>();
        Set<String> checked = new TreeSet<>();
        pages.forEach((page, text) -> {
            Matcher code = CODE.matcher(text);
            while (code.find()) {
                for (String word : code.group(1).split("[\\s,;()]+")) {
                    Matcher variable = VARIABLE.matcher(word);
                    if (!variable.matches()) {
                        continue;
                    }
                    String name = variable.group(1);
                    checked.add(name);
                    boolean read = compose.contains(name) || constants.contains(name) || isSecurityProtocol(name)
                            || bound(name, null)
                            || Pattern.compile("\\$\\{?" + name + "\\b|\"" + name + "\"|\\b" + name + "[=:]")
                            .matcher(scripts).find();
                    if (!read) {
                        unread.add(name + " (" + root.relativize(page) + ")");
                    }
                }
            }
        });
        assertThat(checked).as("variables found in the docs").hasSizeGreaterThan(20);
        assertThat(unread).as("documented environment variables nothing reads").isEmpty();
    }

    private static void check(Path page, Path base, String target, Set<String> broken) {
        if (target.isEmpty()) {
            return;
        }
        Path resolved = base.resolve(target).normalize();
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
            broken.add(root.relativize(page) + " → " + target);
        }
    }

    /** {@code pipeline.stages.<stage>.a|b} → one name per stage placeholder value and alternative. */
    private static List<String> expand(String documented) {
        String name = documented.replace("<stage>", "download");
        int bar = name.indexOf('|');
        if (bar < 0) {
            return List.of(name);
        }
        String head = name.substring(0, name.lastIndexOf('.', bar) + 1);
        List<String> names = new ArrayList<>();
        for (String last : name.substring(head.length()).split("\\|")) {
            names.add(head + last);
        }
        return names;
    }

    /** Spring Boot's canonical environment form: {@code pipeline.b2.key-id} → {@code PIPELINE_B2_KEYID}. */
    private static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Whether some service reads the variable, with the documented value or a sample its setting accepts. */
    private static boolean bound(String variable, String documentedValue) {
        Set<String> values = new LinkedHashSet<>();
        if (documentedValue != null) {
            values.add(documentedValue);
        }
        values.addAll(SAMPLE_VALUES);
        for (ServiceSettings service : services) {
            for (String value : values) {
                try {
                    if (service.readVariables(Map.of(variable, value)).contains(variable)) {
                        return true;
                    }
                } catch (BindException wrongType) {
                    // try the next sample value
                }
            }
        }
        return false;
    }

    /** {@code SASL_SSL} and its kind are values of {@code spring.kafka.security.protocol}, not variables. */
    private static boolean isSecurityProtocol(String name) {
        return Stream.of(SecurityProtocol.values()).anyMatch(protocol -> protocol.name().equals(name));
    }

    /** Upper-case names the docs may quote that are constants of the code ({@code DEFAULT_PORT}), not variables. */
    private static Set<String> codeConstants() throws Exception {
        Set<String> constants = new TreeSet<>();
        Pattern constant = Pattern.compile("static final [\\w<>, ]+ ([A-Z][A-Z0-9_]+) =");
        for (String module : Repository.modules(root)) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher matcher = constant.matcher(Files.readString(file));
                    while (matcher.find()) {
                        constants.add(matcher.group(1));
                    }
                }
            }
        }
        return constants;
    }

    /** What reads variables outside the services: compose, the image, the scripts, CI and the test suites. */
    private static String scriptsAndImages() throws Exception {
        StringBuilder all = new StringBuilder();
        all.append(source("docker-compose.yml")).append(source("docker-compose.external-kafka.yml"))
                .append(source("Dockerfile")).append(source(".ci/run"));
        for (String dir : List.of("bin", "bench")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    all.append(Files.readString(file));
                }
            }
        }
        for (String module : Repository.modules(root)) {
            Path tests = root.resolve(module).resolve("src/test/java");
            if (!Files.isDirectory(tests)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(tests)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(file));
                }
            }
        }
        return all.toString();
    }

    private static String source(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
