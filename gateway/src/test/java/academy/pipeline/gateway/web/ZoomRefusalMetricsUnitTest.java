package academy.pipeline.gateway.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ZoomRefusalMetricsUnitTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ZoomRefusalMetrics filter = new ZoomRefusalMetrics(registry).register();

    @Test
    void countsEachRefusedDeliveryOnceByStatusAndNothingElse() throws Exception {
        post((request, response) -> ((HttpServletResponse) response).setStatus(401));
        post((request, response) -> {
            ((HttpServletResponse) response).setStatus(413);
            ((HttpServletResponse) response).sendError(413);
        });
        post((request, response) -> ((HttpServletResponse) response).setStatus(200));

        assertThat(count(401)).isEqualTo(1);
        assertThat(count(413)).isEqualTo(1);
        assertThat(registry.find("pipeline.zoom.webhooks.refused").tag("status", "200").counter()).isNull();
    }

    @Test
    void theSeriesExistsAtZeroBeforeAnyRefusal() {
        assertThat(count(401)).isZero();
    }

    private void post(jakarta.servlet.FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/zoom-upload");
        filter.doFilter(request, new MockHttpServletResponse(), chain);
    }

    private double count(int status) {
        return registry.get("pipeline.zoom.webhooks.refused").tag("status", Integer.toString(status)).counter().count();
    }
}
