package academy.pipeline.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code pipeline.stream.*}.
 *
 * @param filesystemRoot folder of the filesystem provider; default {@code <pipeline.data-dir>/stream}
 */
@ConfigurationProperties("pipeline.stream")
public record StreamSettings(Path filesystemRoot) {
}
