package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's results: one row per figure, printed as a table and written as JSON so runs of different
 * versions can be compared.
 */
final class BenchTable {

    /**
     * One figure.
     *
     * @param group    which of the five measurements it belongs to
     * @param name     what was measured
     * @param value    the measured figure
     * @param baseline what it is compared with in the same run (e.g. curl), or NaN
     * @param ratio    value / baseline (or the figure the goal is about), or NaN
     * @param unit     unit of value and baseline
     * @param goal     the goal, as text, or ""
     * @param met      whether the goal is met; null when the row has no goal
     */
    record Row(String group, String name, double value, double baseline, double ratio, String unit, String goal,
               Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final ObjectNode context = EventCodec.mapper().createObjectNode();

    void add(Row row) {
        rows.add(row);
        System.out.println("bench: " + format(row));
    }

    void context(String key, String value) {
        context.put(key, value);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-11s %-64s %12s %12s %8s %-8s %-22s %s%n",
                "group", "figure", "measured", "baseline", "ratio", "unit", "goal", "met"));
        for (Row row : rows) {
            out.append(format(row)).append(System.lineSeparator());
        }
        context.properties().forEach(e -> out.append(e.getKey()).append(": ").append(e.getValue().asString())
                .append(System.lineSeparator()));
        return out.toString();
    }

    private static String format(Row row) {
        return String.format(Locale.ROOT, "%-11s %-64s %12s %12s %8s %-8s %-22s %s", row.group(), row.name(),
                number(row.value()), number(row.baseline()), number(row.ratio()), row.unit(), row.goal(),
                row.met() == null ? "" : row.met() ? "yes" : "NO");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    void writeJson(Path file) throws IOException {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.set("context", context);
        ArrayNode array = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode node = array.addObject();
            node.put("group", row.group());
            node.put("name", row.name());
            putNumber(node, "value", row.value());
            putNumber(node, "baseline", row.baseline());
            putNumber(node, "ratio", row.ratio());
            node.put("unit", row.unit());
            node.put("goal", row.goal());
            if (row.met() != null) {
                node.put("met", row.met());
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (!Double.isNaN(value)) {
            node.put(field, value);
        }
    }
}
