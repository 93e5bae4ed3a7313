package academy.pipeline.gateway.ports;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * {@code server.forward-headers-strategy=none} unless configured: Boot would otherwise believe
 * {@code X-Forwarded-For} and friends on a detected cloud platform, so a header could claim a loopback address
 * or another host for the status links. An operator who runs a proxy that sets them may opt in explicitly.
 */
public class GatewayEnvironmentDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("gatewayDefaults",
                Map.of("server.forward-headers-strategy", "none")));
    }
}
