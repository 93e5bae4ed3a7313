package academy.pipeline.gateway.web;

import academy.pipeline.core.security.Hmac;
import academy.pipeline.gateway.ports.ConnectorRouting;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/**
 * Who may call internal and operator endpoints: a request the operator connector's gate let through (a loopback
 * caller of a loopback-only operator port, or one with a token there; see {@link ConnectorRouting}), or one
 * presenting the endpoint's bearer token. The caller's address alone never counts: on the public port every
 * request of a same-host reverse proxy comes from 127.0.0.1, and forwarding headers are not believed either.
 */
public final class CallerCheck {

    private CallerCheck() {
    }

    /** Whether the operator connector's gate authenticated this request. */
    public static boolean isTrustedOperator(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(ConnectorRouting.TRUSTED_OPERATOR));
    }

    public static boolean hasToken(HttpServletRequest request, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        String header = request.getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") && Hmac.matches(token, header.substring(7).trim());
    }

    /**
     * @throws ApiException 403 unless the request is a trusted operator request (loopback on the operator port)
     *                      or presents the token
     */
    public static void requireLoopbackOr(HttpServletRequest request, String token, String what) {
        if (!isTrustedOperator(request) && !hasToken(request, token)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden",
                    what + " is accepted only from an operator on the operator port or with the configured bearer token");
        }
    }
}
