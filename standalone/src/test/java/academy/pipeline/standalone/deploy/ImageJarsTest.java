package academy.pipeline.standalone.deploy;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container images are made of the jars this Maven build packaged, the ones the release test and the
 * compose-as-processes test run, since no Docker engine runs where the tests run: the Dockerfile copies
 * {@code <module>/target/<module>-<version>-exec.jar} from the build context and builds nothing itself,
 * .dockerignore lets exactly those jars in, and each jar (the services' and the standalone one) holds every
 * runtime dependency the reactor's poms declare for it. The last check catches what broke the standalone jar
 * once: a module redeclaring, with test scope, a library another module needs at runtime (Maven's nearest
 * declaration wins, and the library silently leaves {@code BOOT-INF/lib}).
 */
class ImageJarsTest {

    static Path root;
    static String version;
    static String reactorGroup;
    /** Modules docker-compose.yml builds images of, plus standalone (what bin/standalone runs). */
    static final List<String> shipped = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        root = Repository.root();
        version = Repository.version(root);
        reactorGroup = Repository.groupId(root);
        for (ComposeFile.Service service : ComposeFile.load(root).services().values()) {
            if (service.isBuilt()) {
                shipped.add(service.buildArgs().get("MODULE"));
            }
        }
        shipped.add("standalone");
    }

    @Test
    void theImageCopiesTheExecJarTheMavenBuildPackagedAndBuildsNothingItself() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(root.resolve("Dockerfile"));
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            assertThat(stage.arguments("RUN")).as("RUN instructions of the stage FROM %s", stage.from())
                    .noneMatch(run -> run.contains("mvnw") || run.matches("(?s).*\\bmvn\\b.*"));
        }
        Dockerfile.Stage image = dockerfile.runtime();
        assertThat(image.arguments("COPY")).as("COPY of the image")
                .containsExactly("${MODULE}/target/${MODULE}-${VERSION}-exec.jar /app/app.jar");
        assertThat(image.argDefaults()).containsKey("MODULE").containsEntry("VERSION", version);
        assertThat(image.entrypoint()).contains("-jar /app/app.jar");
    }

    @Test
    void theBuildContextHoldsTheExecJarsAndNothingElse() throws Exception {
        DockerIgnore ignore = DockerIgnore.read(root.resolve(".dockerignore"));
        SoftAssertions softly = new SoftAssertions();
        for (String module : shipped) {
            if (!module.equals("standalone")) {
                String jar = module + "/target/" + module + "-" + version + "-exec.jar";
                softly.assertThat(ignore.excludes(jar)).as("%s is in the build context", jar).isFalse();
            }
            for (String other : List.of(module + "/pom.xml", module + "/src/main/java/App.java",
                    module + "/target/classes/App.class", module + "/target/" + module + "-" + version + ".jar")) {
                softly.assertThat(ignore.excludes(other)).as("%s is kept out of the build context", other).isTrue();
            }
        }
        for (String other : List.of(".env", ".git/config", "pipeline-data/spool/x", "pom.xml",
                "standalone/src/test/js/node_modules/tus-js-client/package.json")) {
            softly.assertThat(ignore.excludes(other)).as("%s is kept out of the build context", other).isTrue();
        }
        softly.assertAll();
    }

    @Test
    void noModuleRedeclaresWithANarrowerScopeALibraryItsModulesNeedAtRuntime() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String module : Repository.modules(root)) {
            Map<String, String> needed = new LinkedHashMap<>();
            for (Repository.Dependency dependency : Repository.dependencies(root.resolve(module))) {
                if (dependency.runtime() && dependency.groupId().equals(reactorGroup)) {
                    runtimeLibraries(dependency.artifactId(), new LinkedHashSet<>())
                            .forEach(library -> needed.putIfAbsent(library, dependency.artifactId()));
                }
            }
            for (Repository.Dependency dependency : Repository.dependencies(root.resolve(module))) {
                if (!dependency.runtime() && needed.containsKey(dependency.artifactId())) {
                    softly.fail("%s declares %s with scope %s, which drops it from %s's runtime classpath and jar, "
                                    + "although %s needs it at runtime: remove the declaration", module,
                            dependency.artifactId(), dependency.scope(), module, needed.get(dependency.artifactId()));
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void everyShippedJarHoldsEveryRuntimeDependencyTheReactorDeclaresForIt() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String module : shipped) {
            Path jar = jar(module);
            assumeTrue(Files.isRegularFile(jar), jar + " not built: run ./mvnw -B verify (it packages first)");
            List<String> libraries = new ArrayList<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().map(entry -> entry.getName())
                        .filter(name -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
                        .forEach(name -> libraries.add(name.substring("BOOT-INF/lib/".length())));
            }
            Set<String> expected = new LinkedHashSet<>();
            for (Repository.Dependency dependency : Repository.dependencies(root.resolve(module))) {
                if (dependency.runtime()) {
                    expected.addAll(dependency.groupId().equals(reactorGroup)
                            ? runtimeLibraries(dependency.artifactId(), new LinkedHashSet<>())
                            : Set.of(dependency.artifactId()));
                }
            }
            for (String artifact : expected) {
                // Spring Boot leaves the starters out: they hold no classes, only dependencies.
                if (!artifact.startsWith("spring-boot-starter")) {
                    softly.assertThat(libraries.stream().anyMatch(file -> file.matches(Pattern.quote(artifact) + "-\\d.*\\.jar")))
                            .as("%s holds %s in BOOT-INF/lib", root.relativize(jar), artifact).isTrue();
                }
            }
        }
        softly.assertAll();
    }

    /** The jar a reactor module contributes and every runtime library it declares, through reactor modules too. */
    private static Set<String> runtimeLibraries(String module, Set<String> into) throws Exception {
        if (into.add(module)) {
            for (Repository.Dependency dependency : Repository.dependencies(root.resolve(module))) {
                if (dependency.runtime() && !dependency.optional()) {
                    if (dependency.groupId().equals(reactorGroup)) {
                        runtimeLibraries(dependency.artifactId(), into);
                    } else {
                        into.add(dependency.artifactId());
                    }
                }
            }
        }
        return into;
    }

    private static Path jar(String module) {
        String file = module.equals("standalone") ? "standalone-" + version + ".jar" : module + "-" + version + "-exec.jar";
        return root.resolve(module).resolve("target").resolve(file);
    }

    /**
     * {@code .dockerignore} as Docker reads it: patterns in order, {@code !} re-includes, the last match decides,
     * and a pattern that matches a folder matches everything below it.
     */
    private record DockerIgnore(List<String> patterns) {

        static DockerIgnore read(Path file) throws Exception {
            return new DockerIgnore(Files.readAllLines(file).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        }

        boolean excludes(String path) {
            boolean excluded = false;
            for (String pattern : patterns) {
                boolean exception = pattern.startsWith("!");
                String glob = (exception ? pattern.substring(1) : pattern).replaceFirst("^/", "");
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                for (Path prefix = Path.of(path); prefix != null; prefix = prefix.getParent()) {
                    if (matcher.matches(prefix)) {
                        excluded = !exception;
                        break;
                    }
                }
            }
            return excluded;
        }
    }
}
