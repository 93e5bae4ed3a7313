package academy.pipeline.standalone.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlUnitTest {

    @Test
    void findsTheMetricsAndLeavesFunctionsLabelsRangesAndGroupingsOut() {
        assertThat(PromQl.metrics("sum by (stage) (rate(pipeline_step_duration_seconds_sum{outcome=\"succeeded\"}"
                + "[$__rate_interval])) / sum by (stage) (rate(pipeline_step_duration_seconds_count[5m]))"))
                .containsExactly("pipeline_step_duration_seconds_count", "pipeline_step_duration_seconds_sum");
        assertThat(PromQl.metrics("delta(a_total[15m]) > 0 and min_over_time(b{queue=\"inbox\"}[15m]) > 0"))
                .containsExactly("a_total", "b");
        assertThat(PromQl.metrics("min by (instance) (free_bytes) < 10 * 1024 or x / y < 0.10 or 1e9 > up"))
                .containsExactly("free_bytes", "up", "x", "y");
    }
}
