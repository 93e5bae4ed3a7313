package academy.pipeline.standalone.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile, split into stages of instructions (continuation lines joined, comments dropped).
 *
 * @param stages the build stages in order; the last one is the image that runs
 */
public record Dockerfile(List<Stage> stages) {

    /** One {@code FROM} stage. */
    public record Stage(String from, List<Instruction> instructions) {

        public List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        /** {@code ARG name=default} values of the stage (an ARG without default maps to null). */
        public Map<String, String> argDefaults() {
            Map<String, String> args = new LinkedHashMap<>();
            for (String arg : arguments("ARG")) {
                int equals = arg.indexOf('=');
                args.put(equals < 0 ? arg.trim() : arg.substring(0, equals).trim(), equals < 0 ? null : arg.substring(equals + 1).trim());
            }
            return args;
        }

        /** {@code ENV key=value ...} of the stage, quotes removed. */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S*))").matcher("");
            for (String arguments : arguments("ENV")) {
                pair.reset(arguments);
                while (pair.find()) {
                    env.put(pair.group(1), pair.group(3) != null ? pair.group(3) : pair.group(4));
                }
            }
            return env;
        }

        /** The last {@code USER}, or "root" (the default) when there is none. */
        public String user() {
            List<String> users = arguments("USER");
            return users.isEmpty() ? "root" : users.get(users.size() - 1).trim();
        }

        public String entrypoint() {
            List<String> entrypoints = arguments("ENTRYPOINT");
            return entrypoints.isEmpty() ? null : entrypoints.get(entrypoints.size() - 1);
        }
    }

    /** One instruction: keyword (upper case) and the rest of its (joined) line. */
    public record Instruction(String keyword, String arguments) {
    }

    public static Dockerfile read(Path file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String[] parts = logical.toString().trim().split("\\s+", 2);
            logical.setLength(0);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                stages.add(new Stage(instruction.arguments().split("\\s+")[0], current));
            } else if (current != null) {
                current.add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    public Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
