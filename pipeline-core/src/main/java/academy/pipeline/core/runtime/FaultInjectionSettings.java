package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Set;

/**
 * {@code pipeline.testing.*}: fault injection for the delivery tests only; never set it in production.
 *
 * @param haltAfterPublish stages whose process halts ({@link Runtime#halt}) once, right after the stage handed its
 *                         result over and before that hand-over is committed; see {@link HaltAfterPublish}
 */
@ConfigurationProperties("pipeline.testing")
public record FaultInjectionSettings(Set<Stage> haltAfterPublish) {

    public FaultInjectionSettings {
        haltAfterPublish = haltAfterPublish == null ? Set.of() : Set.copyOf(haltAfterPublish);
    }
}
