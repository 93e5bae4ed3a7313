package academy.pipeline.archive.b2;

import academy.pipeline.archive.ArchiveStageConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The B2 archive provider, in place of the local-folder one, when B2 credentials and a bucket are configured
 * ({@code pipeline.archive.b2.application-key-id}, {@code application-key}, {@code bucket-name}).
 */
@AutoConfiguration(before = ArchiveStageConfiguration.class)
@ConditionalOnProperty(prefix = "pipeline.archive.b2", name = {"application-key-id", "application-key", "bucket-name"})
@EnableConfigurationProperties(B2ArchiveSettings.class)
public class B2ArchiveConfiguration {

    @Bean
    B2ArchiveProvider b2ArchiveProvider(B2ArchiveSettings settings) {
        return new B2ArchiveProvider(settings);
    }
}
