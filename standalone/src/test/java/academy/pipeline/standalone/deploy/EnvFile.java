package academy.pipeline.standalone.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compose {@code .env} file: {@code KEY=value} lines (value taken literally, as Compose does for unquoted
 * values), with the comment lines just above each key kept as its documentation; keys on consecutive lines share
 * the comment above the first of them.
 *
 * @param values        variable → value, in file order
 * @param documentation variable → the comment block above it, without the {@code #}
 */
public record EnvFile(Map<String, String> values, Map<String, String> documentation) {

    static EnvFile read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> documentation = new LinkedHashMap<>();
        List<String> comments = new ArrayList<>();
        String previousDocumentation = "";
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                comments.clear();
                previousDocumentation = "";
            } else if (trimmed.startsWith("#")) {
                comments.add(trimmed.substring(1).trim());
            } else {
                int equals = trimmed.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException(file + ": not a KEY=value line: " + line);
                }
                String key = trimmed.substring(0, equals).trim();
                if (values.put(key, trimmed.substring(equals + 1)) != null) {
                    throw new IllegalArgumentException(file + ": " + key + " is set twice");
                }
                if (!comments.isEmpty()) {
                    previousDocumentation = String.join(" ", comments);
                    comments.clear();
                }
                documentation.put(key, previousDocumentation);
            }
        }
        return new EnvFile(values, documentation);
    }
}
