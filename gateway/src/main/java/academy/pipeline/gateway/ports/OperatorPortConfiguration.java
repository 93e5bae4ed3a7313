package academy.pipeline.gateway.ports;

import academy.pipeline.gateway.GatewaySettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** The operator connector and the filter that keeps the two ports apart. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorPortSettings.class)
public class OperatorPortConfiguration {

    @Bean
    OperatorConnector operatorConnector(OperatorPortSettings settings, Environment environment) {
        return new OperatorConnector(settings, environment.getProperty("server.port", Integer.class, 8080));
    }

    @Bean
    FilterRegistrationBean<ConnectorRouting> connectorRouting(OperatorConnector connector, GatewaySettings tokens) {
        FilterRegistrationBean<ConnectorRouting> registration =
                new FilterRegistrationBean<>(new ConnectorRouting(connector,
                        new OperatorGate(connector, tokens.internalToken(), tokens.adminToken())));
        registration.setName("connectorRouting");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
