package academy.pipeline.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Counter {@code pipeline.zoom.webhooks.refused} (tag {@code status}): answers of 400 or more to
 * {@code POST /zoom-upload}, whichever part refused it (the body gate's 401/413/415/503, the controller's 400).
 * A rising count means Zoom's deliveries fail: a rotated secret token, a clock off, a flood. Counted when the
 * status is set, since the body gate answers asynchronously.
 */
public class ZoomRefusalMetrics extends OncePerRequestFilter {

    private final MeterRegistry registry;

    public ZoomRefusalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the counter at zero, so the alert's series exists before the first refusal. */
    public ZoomRefusalMetrics register() {
        counter(401);
        return this;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, "POST".equals(request.getMethod()) ? new Counting(response) : response);
    }

    private Counter counter(int status) {
        return Counter.builder("pipeline.zoom.webhooks.refused")
                .description("Zoom webhook deliveries answered with 400 or more")
                .tag("status", Integer.toString(status)).register(registry);
    }

    /** Counts the first error status set on the response. */
    private final class Counting extends HttpServletResponseWrapper {
        private boolean counted;

        Counting(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int status) {
            count(status);
            super.setStatus(status);
        }

        @Override
        public void sendError(int status) throws IOException {
            count(status);
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            count(status);
            super.sendError(status, message);
        }

        private void count(int status) {
            if (status >= 400 && !counted) {
                counted = true;
                counter(status).increment();
            }
        }
    }
}
