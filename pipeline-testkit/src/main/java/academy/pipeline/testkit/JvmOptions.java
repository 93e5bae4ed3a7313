package academy.pipeline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small-footprint JVM options of {@code bin/jvm-options}, so processes started from Java (chaos suite,
 * benchmarks) run exactly as bin/standalone and the images do.
 */
public final class JvmOptions {

    private static final Pattern OPTIONS = Pattern.compile("PIPELINE_JVM_OPTIONS=\"([^\"]*)\"", Pattern.DOTALL);

    private JvmOptions() {
    }

    /** @param repositoryRoot the folder holding {@code bin/jvm-options} */
    public static List<String> read(Path repositoryRoot) throws IOException {
        String text = Files.readString(repositoryRoot.resolve("bin/jvm-options"));
        Matcher matcher = OPTIONS.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no PIPELINE_JVM_OPTIONS in bin/jvm-options");
        }
        String options = matcher.group(1).replace("\\\n", " ").replace("${PIPELINE_HEAP:-256m}", "256m");
        return Arrays.stream(options.split("\\s+")).filter(s -> !s.isBlank()).toList();
    }
}
