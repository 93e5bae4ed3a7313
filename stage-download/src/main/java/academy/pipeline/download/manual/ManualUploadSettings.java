package academy.pipeline.download.manual;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The part of {@code pipeline.tus.*} stage-download needs.
 *
 * @param storageDir the tus storage directory, as the gateway's; default {@code <pipeline.data-dir>/tus}
 */
@ConfigurationProperties("pipeline.tus")
public record ManualUploadSettings(Path storageDir) {

    public Path storageDirOr(Path dataDir) {
        return (storageDir != null ? storageDir : dataDir.resolve("tus")).toAbsolutePath().normalize();
    }
}
