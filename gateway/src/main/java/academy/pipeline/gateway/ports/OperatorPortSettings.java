package academy.pipeline.gateway.ports;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Locale;

/**
 * {@code pipeline.gateway.operator-*}: the operator connector, a second HTTP port of the gateway that serves the
 * status API, the operator page, {@code /custom-upload} and the actuator. The public port ({@code server.port})
 * serves only the intake the internet needs.
 *
 * @param operatorPort    port of the operator connector; default 9010, 0 for a free one (tests)
 * @param operatorAddress address it binds to; default 127.0.0.1. Bound anywhere else, every operator request
 *                        needs a bearer token ({@code PIPELINE_INTERNAL_TOKEN} or {@code PIPELINE_ADMIN_TOKEN})
 * @param operatorHosts   host names, besides localhost, 127.0.0.1 and [::1], under which the operator connector is
 *                        reached (the {@code Host} of a state-changing request must be one of them)
 */
@ConfigurationProperties("pipeline.gateway")
public record OperatorPortSettings(Integer operatorPort, String operatorAddress, List<String> operatorHosts) {

    public static final int DEFAULT_OPERATOR_PORT = 9010;
    public static final String DEFAULT_OPERATOR_ADDRESS = "127.0.0.1";

    public OperatorPortSettings {
        operatorPort = operatorPort == null ? DEFAULT_OPERATOR_PORT : operatorPort;
        operatorAddress = operatorAddress == null || operatorAddress.isBlank() ? DEFAULT_OPERATOR_ADDRESS : operatorAddress.strip();
        operatorHosts = operatorHosts == null ? List.of()
                : operatorHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        if (operatorPort < 0 || operatorPort > 65535) {
            throw new IllegalArgumentException("pipeline.gateway.operator-port must be 0-65535, not " + operatorPort);
        }
    }
}
