package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.status.StatusCatchUp;
import academy.pipeline.gateway.web.ApiError;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;

/**
 * Refuses intake ({@code POST /zoom-upload}, {@code /manual-upload}, {@code /custom-upload}) with 503 and
 * {@code Retry-After} until the status view has caught up with {@code recordings.status}: before that, a
 * recording accepted before a restart may look new, and a repeated webhook would become a second recording.
 */
class IntakeReadinessGate implements Filter {

    static final String RETRY_AFTER_SECONDS = "5";

    private final StatusCatchUp catchUp;

    IntakeReadinessGate(StatusCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!"POST".equals(request.getMethod()) || catchUp.caughtUp()) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(EventCodec.mapper().writeValueAsBytes(new ApiError("starting",
                "the gateway is still reading the pipeline's status after a start (" + catchUp.progress()
                        + "); retry shortly")));
    }
}
