package academy.pipeline.gateway.web;

import academy.pipeline.core.security.Hmac;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may call internal and operator endpoints: a loopback caller, or one presenting the configured bearer
 * token. Forwarding headers are deliberately ignored: a proxy in front would make every caller "loopback", so
 * behind a proxy use the token.
 */
public final class CallerCheck {

    private CallerCheck() {
    }

    public static boolean isLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static boolean hasToken(HttpServletRequest request, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        String header = request.getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") && Hmac.matches(token, header.substring(7).trim());
    }

    /** @throws ApiException 403 unless the caller is loopback or presents the token */
    public static void requireLoopbackOr(HttpServletRequest request, String token, String what) {
        if (!isLoopback(request) && !hasToken(request, token)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden",
                    what + " is accepted only from loopback or with the configured bearer token");
        }
    }
}
