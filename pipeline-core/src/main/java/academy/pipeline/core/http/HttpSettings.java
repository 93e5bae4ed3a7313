package academy.pipeline.core.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Timeouts every outbound HTTP transfer obeys ({@code pipeline.http.*}), so a hung connection fails into a
 * retry instead of hanging a stage.
 *
 * @param connectTimeout  TCP connect timeout
 * @param idleTimeout     longest silence while reading or writing a body
 * @param responseTimeout longest wait for response headers once the request is sent
 */
@ConfigurationProperties("pipeline.http")
public record HttpSettings(
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("60s") Duration responseTimeout) {
}
