package academy.pipeline.gateway.ports;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.web.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Decides by the local port a request arrived on what it may reach. The public connector serves the intake
 * ({@code /zoom-upload}, {@code /tusupload/**}, {@code /manual-upload}) and {@code GET /healthz}; everything
 * else answers 404 there, exactly as an unknown path does. The operator connector serves everything but the
 * intake, behind {@link OperatorGate}. A request the gate lets through is marked
 * {@linkplain #TRUSTED_OPERATOR trusted}: that mark, never the caller's address, is what loopback trust means
 * in {@link academy.pipeline.gateway.web.CallerCheck}, so no request on the public port is ever trusted for
 * coming from 127.0.0.1 (a reverse proxy on the same host makes every caller look like that).
 */
public class ConnectorRouting extends OncePerRequestFilter {

    /** Request attribute set on a request the operator gate authenticated. */
    public static final String TRUSTED_OPERATOR = ConnectorRouting.class.getName() + ".trustedOperator";

    private static final Logger log = LoggerFactory.getLogger(ConnectorRouting.class);
    private static final ApiError NOT_FOUND = new ApiError("not_found", "no such resource");

    private final OperatorConnector operator;
    private final OperatorGate gate;

    ConnectorRouting(OperatorConnector operator, OperatorGate gate) {
        this.operator = operator;
        this.gate = gate;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = PublicPaths.of(request);
        if (path.equals(PublicPaths.LIVENESS) && PublicPaths.isRead(request)) {
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"status\":\"UP\"}");
            return;
        }
        boolean intake = PublicPaths.isIntake(path);
        if (!operator.received(request.getLocalPort())) {
            if (intake) {
                chain.doFilter(request, response);
            } else {
                answer(response, HttpStatus.NOT_FOUND, NOT_FOUND);
            }
            return;
        }
        if (intake) {
            answer(response, HttpStatus.NOT_FOUND, NOT_FOUND);
            return;
        }
        if (!gate.authenticated(request)) {
            if (PublicPaths.isPageShell(request, path)) {
                chain.doFilter(request, response);
                return;
            }
            log.info("operator request refused: unauthenticated method={} path={}", request.getMethod(), path);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"pipeline-operator\"");
            answer(response, HttpStatus.UNAUTHORIZED, new ApiError("unauthorized",
                    "the operator port needs Authorization: Bearer <PIPELINE_INTERNAL_TOKEN or PIPELINE_ADMIN_TOKEN>"
                            + (operator.loopbackOnly() ? " from callers other than loopback" : "")));
            return;
        }
        if (!PublicPaths.isRead(request)) {
            OperatorGate.Refusal refusal = gate.checkStateChange(request);
            if (refusal != null) {
                log.info("operator request refused: {} method={} path={}", refusal.body().error(), request.getMethod(), path);
                answer(response, refusal.status(), refusal.body());
                return;
            }
        }
        request.setAttribute(TRUSTED_OPERATOR, Boolean.TRUE);
        chain.doFilter(request, response);
    }

    private static void answer(HttpServletResponse response, HttpStatus status, ApiError body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(EventCodec.mapper().writeValueAsString(body));
    }
}
