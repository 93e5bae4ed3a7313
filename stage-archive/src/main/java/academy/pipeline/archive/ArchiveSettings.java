package academy.pipeline.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * {@code pipeline.archive.*}.
 *
 * @param fileNameTemplate archive name template, see {@link ArchiveFileNames}
 * @param filesystemRoot   folder of the filesystem provider; default {@code <pipeline.data-dir>/archive}
 */
@ConfigurationProperties("pipeline.archive")
public record ArchiveSettings(
        @DefaultValue(ArchiveFileNames.DEFAULT_TEMPLATE) String fileNameTemplate,
        Path filesystemRoot) {
}
