package academy.pipeline.standalone.monitoring;

import academy.pipeline.standalone.deploy.Repository;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ops/prometheus/rules.yml} passes {@code promtool check rules} (Debian's {@code prometheus} package;
 * {@code PROMTOOL} overrides the path). Skipped, saying so, without promtool.
 */
class PrometheusRulesTest {

    private static final Path PROMTOOL = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL),
                "no promtool here (" + PROMTOOL + "): apt-get install prometheus to check ops/prometheus/rules.yml");
        Path rules = Repository.root().resolve("ops/prometheus/rules.yml");
        String output = run(PROMTOOL.toString(), "check", "rules", rules.toString());
        assertThat(output).contains("SUCCESS: 6 rules found");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
