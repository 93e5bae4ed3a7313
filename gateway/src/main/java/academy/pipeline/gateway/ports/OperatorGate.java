package academy.pipeline.gateway.ports;

import academy.pipeline.gateway.web.ApiError;
import academy.pipeline.gateway.web.CallerCheck;
import academy.pipeline.gateway.web.JsonContentType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the operator connector, and how a state-changing request must look.
 * <ul>
 *   <li>With the connector bound to loopback, a loopback caller is trusted. Any other caller, and every caller
 *       when it is bound elsewhere, presents {@code Authorization: Bearer} with the internal or the admin token.
 *       The page's static shell is served without it: it holds no data, and the page sends the token on each
 *       API call.</li>
 *   <li>A state-changing request (anything but GET/HEAD) must name one of the connector's own host names in
 *       {@code Host} (stops DNS rebinding), come from the same origin when it carries {@code Origin}, and be
 *       {@code application/json} (a cross-site form cannot send that without a CORS preflight, which fails).</li>
 * </ul>
 */
final class OperatorGate {

    /** A refusal: the status and JSON body to answer. */
    record Refusal(HttpStatus status, ApiError body) {
    }

    private final OperatorConnector connector;
    private final String internalToken;
    private final String adminToken;
    private final Set<String> hostNames;

    /**
     * @param internalToken {@code PIPELINE_INTERNAL_TOKEN}, may be null
     * @param adminToken    {@code PIPELINE_ADMIN_TOKEN}, may be null
     * @throws IllegalStateException when the connector is not loopback-only and neither token is set
     */
    OperatorGate(OperatorConnector connector, String internalToken, String adminToken) {
        this.connector = connector;
        this.internalToken = internalToken;
        this.adminToken = adminToken;
        Set<String> names = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        names.addAll(connector.settings().operatorHosts());
        InetAddress bound = connector.address();
        if (!bound.isAnyLocalAddress()) {
            String literal = bound.getHostAddress().toLowerCase(Locale.ROOT);
            names.add(literal.contains(":") ? "[" + literal + "]" : literal);
        }
        this.hostNames = Set.copyOf(names);
        if (!connector.loopbackOnly() && blank(internalToken) && blank(adminToken)) {
            throw new IllegalStateException("pipeline.gateway.operator-address " + connector.settings().operatorAddress()
                    + " is not loopback: set PIPELINE_INTERNAL_TOKEN (or PIPELINE_ADMIN_TOKEN), which every operator"
                    + " request must then present");
        }
    }

    /** Whether the caller is an operator: connected over loopback to a loopback-only connector, or with a token. */
    boolean authenticated(HttpServletRequest request) {
        return connector.loopbackOnly() && remoteIsLoopback(request)
                || CallerCheck.hasToken(request, internalToken)
                || CallerCheck.hasToken(request, adminToken);
    }

    /** @return why a state-changing request is refused, or null when it may go on */
    Refusal checkStateChange(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || !hostNames.contains(hostName(host))) {
            return new Refusal(HttpStatus.FORBIDDEN, new ApiError("host_not_allowed",
                    "the operator port answers state-changing requests only under its own host names"
                            + " (localhost, 127.0.0.1, [::1] or pipeline.gateway.operator-hosts)"));
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request.getScheme(), host)) {
            return new Refusal(HttpStatus.FORBIDDEN, new ApiError("cross_origin",
                    "state-changing operator requests are accepted only from the operator page's own origin"));
        }
        if (!JsonContentType.is(request.getContentType())) {
            return new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, new ApiError("unsupported_media_type",
                    "send Content-Type: application/json"));
        }
        return null;
    }

    /** Whether {@code origin} is scheme, host and port of this request ({@code Host} without a port: the scheme's). */
    private static boolean sameOrigin(String origin, String requestScheme, String host) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals(requestScheme.toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                return false;
            }
            int defaultPort = scheme.equals("https") ? 443 : 80;
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort;
            return uri.getHost().toLowerCase(Locale.ROOT).equals(hostName(host)) && port == hostPort(host, defaultPort);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The name part of a {@code Host} header: {@code [::1]:9010} → {@code [::1]}, {@code Localhost:9010} → {@code localhost}. */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static int hostPort(String host, int defaultPort) {
        String h = host.strip();
        int colon = h.lastIndexOf(':');
        if (colon < 0 || colon < h.lastIndexOf(']')) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean remoteIsLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
