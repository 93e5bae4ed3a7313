package academy.pipeline.standalone.deploy;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A Maven module of this repository that runs as a service: its folder, and the one
 * {@code @SpringBootApplication} class with a {@code main} method in its sources (the jar's Start-Class).
 *
 * @param name      the module's folder (and artifactId)
 * @param directory the module's folder
 * @param mainClass its application class
 */
public record ServiceModule(String name, Path directory, Class<?> mainClass) {

    /**
     * Finds the module's application class.
     *
     * @throws IllegalArgumentException when the folder, its pom or its single main class is missing
     */
    public static ServiceModule of(Path root, String name) throws IOException {
        Path directory = root.resolve(name);
        if (!Files.isRegularFile(directory.resolve("pom.xml"))) {
            throw new IllegalArgumentException("no module " + name + " (no " + directory.resolve("pom.xml") + ")");
        }
        Path sources = directory.resolve("src/main/java");
        List<Path> applications;
        try (Stream<Path> files = Files.isDirectory(sources) ? Files.walk(sources) : Stream.empty()) {
            applications = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(ServiceModule::declaresApplication)
                    .toList();
        }
        if (applications.size() != 1) {
            throw new IllegalArgumentException("module " + name + " must have exactly one @SpringBootApplication class"
                    + " with a main method, found " + applications);
        }
        String className = sources.relativize(applications.get(0)).toString()
                .replace(".java", "").replace('/', '.');
        try {
            Class<?> mainClass = Class.forName(className);
            if (!mainClass.isAnnotationPresent(SpringBootApplication.class)) {
                throw new IllegalArgumentException(className + " is not annotated @SpringBootApplication");
            }
            Method main = mainClass.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                throw new IllegalArgumentException(className + ".main is not static");
            }
            return new ServiceModule(name, directory, mainClass);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalArgumentException("module " + name + ": " + e, e);
        }
    }

    /** The package the module's classes (and its {@code @ConfigurationProperties}) live under. */
    public String basePackage() {
        return mainClass.getPackageName();
    }

    /** The port the service listens on when {@code server.port} is not set: its {@code DEFAULT_PORT} constant. */
    public OptionalInt defaultPort() {
        try {
            Field field = mainClass.getField("DEFAULT_PORT");
            return Modifier.isStatic(field.getModifiers()) ? OptionalInt.of(field.getInt(null)) : OptionalInt.empty();
        } catch (NoSuchFieldException e) {
            return OptionalInt.empty();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address the service binds to when {@code server.address} is not set: its {@code DEFAULT_ADDRESS} constant. */
    public Optional<String> defaultAddress() {
        try {
            Field field = mainClass.getField("DEFAULT_ADDRESS");
            return Modifier.isStatic(field.getModifiers()) ? Optional.of((String) field.get(null)) : Optional.empty();
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean declaresApplication(Path file) {
        try {
            String source = Files.readString(file);
            return source.contains("@SpringBootApplication") && source.contains("static void main(");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
