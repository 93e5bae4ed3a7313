package academy.pipeline.gateway.ports;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;

/**
 * {@code pipeline.gateway.operator-*}: the operator connector, a second HTTP port of the gateway that serves the
 * status API, the operator page, {@code /custom-upload} and the actuator. The public port ({@code server.port})
 * serves only the intake the internet needs.
 *
 * @param operatorPort    port of the operator connector; 0 for a free one. Default 9010, or a free one when
 *                        {@code server.port} is 0 (tests: two contexts in one JVM must not both want 9010)
 * @param operatorAddress address it binds to; default 127.0.0.1. Bound anywhere else, every operator request
 *                        needs a bearer token ({@code PIPELINE_INTERNAL_TOKEN} or {@code PIPELINE_ADMIN_TOKEN})
 * @param operatorHosts   host names, besides localhost, 127.0.0.1 and [::1], under which the operator connector is
 *                        reached (the {@code Host} of a state-changing request must be one of them)
 * @param operatorUrl     base URL operators reach the operator connector at, for the status links of its answers;
 *                        null: {@code http://<operator-address>:<operator-port>} (127.0.0.1 when bound to every
 *                        interface)
 */
@ConfigurationProperties("pipeline.gateway")
public record OperatorPortSettings(Integer operatorPort, String operatorAddress, List<String> operatorHosts,
                                   String operatorUrl) {

    public static final int DEFAULT_OPERATOR_PORT = 9010;
    public static final String DEFAULT_OPERATOR_ADDRESS = "127.0.0.1";

    public OperatorPortSettings {
        operatorAddress = operatorAddress == null || operatorAddress.isBlank() ? DEFAULT_OPERATOR_ADDRESS : operatorAddress.strip();
        operatorHosts = operatorHosts == null ? List.of()
                : operatorHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        operatorUrl = operatorUrl == null || operatorUrl.isBlank() ? null : operatorUrl.strip().replaceAll("/+$", "");
        if (operatorPort != null && (operatorPort < 0 || operatorPort > 65535)) {
            throw new IllegalArgumentException("pipeline.gateway.operator-port must be 0-65535, not " + operatorPort);
        }
    }

    /** The port to bind: the configured one, else 9010, else (public port 0) a free one. */
    public int operatorPortFor(int serverPort) {
        if (operatorPort != null) {
            return operatorPort;
        }
        return serverPort == 0 ? 0 : DEFAULT_OPERATOR_PORT;
    }
}
