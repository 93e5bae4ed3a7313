package academy.pipeline.core.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets operators set credentials under the vendors' customary environment names ({@code B2_APPLICATION_KEY},
 * {@code BUNNY_API_KEY}, ...) instead of Spring's {@code PIPELINE_...} names. An alias applies only when its
 * variable is set, so "credentials configured" conditions stay false otherwise. Explicit {@code pipeline.*}
 * settings win over aliases. Also exposes the actuator's health, prometheus and info endpoints, sets the log
 * pattern so every line shows the recordingId, and quiets Kafka's
 * own INFO chatter (config dumps on every client start).
 */
public class PipelineEnvironmentDefaults implements EnvironmentPostProcessor {

    /** Environment variable → pipeline property. README.md's configuration table lists the same. */
    public static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("PIPELINE_DATA_DIR", "pipeline.data-dir"),
            Map.entry("B2_APPLICATION_KEY_ID", "pipeline.archive.b2.application-key-id"),
            Map.entry("B2_APPLICATION_KEY", "pipeline.archive.b2.application-key"),
            Map.entry("B2_BUCKET_NAME", "pipeline.archive.b2.bucket-name"),
            Map.entry("BUNNY_LIBRARY_ID", "pipeline.stream.bunny.library-id"),
            Map.entry("BUNNY_API_KEY", "pipeline.stream.bunny.api-key"),
            Map.entry("ZOOM_WEBHOOK_SECRET_TOKEN", "pipeline.zoom.webhook-secret-token"),
            Map.entry("ZOOM_ACCOUNT_ID", "pipeline.zoom.account-id"),
            Map.entry("ZOOM_CLIENT_ID", "pipeline.zoom.client-id"),
            Map.entry("ZOOM_CLIENT_SECRET", "pipeline.zoom.client-secret"),
            Map.entry("WEBSITE_NOTIFY_URL", "pipeline.notify.website-url"),
            Map.entry("WEBSITE_NOTIFY_SECRET", "pipeline.notify.secret"),
            Map.entry("UPLOAD_GRANT_SECRET", "pipeline.tus.grant-secret"),
            Map.entry("PIPELINE_INTERNAL_TOKEN", "pipeline.gateway.internal-token"),
            Map.entry("PIPELINE_ADMIN_TOKEN", "pipeline.gateway.admin-token"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        ALIASES.forEach((variable, property) -> {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                defaults.put(property, value);
            }
        });
        defaults.put("logging.pattern.level", "%5p [%X{recordingId:-}]");
        defaults.put("logging.level.org.apache.kafka", "WARN");
        defaults.put("logging.level.kafka", "WARN");
        defaults.put("logging.level.state.change.logger", "WARN");
        defaults.put("logging.level.org.springframework.kafka.listener.DeadLetterRecordManager", "ERROR");
        defaults.put("logging.level.org.apache.zookeeper", "WARN");
        // Operations: health (readiness follows Kafka), Prometheus metrics and info over HTTP; see docs/operations.md.
        defaults.put("management.endpoints.web.exposure.include", "health,prometheus,info");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,kafka,consumers");
        defaults.put("management.endpoint.health.show-details", "always");
        environment.getPropertySources().addLast(new MapPropertySource("pipelineEnvironmentAliases", defaults));
    }
}
