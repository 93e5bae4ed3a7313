package academy.pipeline.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a script of {@code src/test/js} under Node; tells whether Node and the npm packages are there. */
public final class NodeScript {

    static final Path DIRECTORY = Path.of("src/test/js").toAbsolutePath();

    private NodeScript() {
    }

    /** Whether {@code node} (20 or later) runs and {@code npm ci} has installed the packages. */
    public static boolean available() {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules/tus-js-client"))) {
            return false;
        }
        try {
            Result version = run(List.of("node", "--version"), 10);
            return version.exitCode() == 0 && Integer.parseInt(version.stdout().strip().replaceAll("^v(\\d+).*", "$1")) >= 20;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result node(String script, List<String> args, long timeoutSeconds) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", DIRECTORY.resolve(script).toString()));
        command.addAll(args);
        return run(command, timeoutSeconds);
    }

    private static Result run(List<String> command, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
