package academy.pipeline.gateway.tus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code pipeline.tus.*}: the gateway's tus server.
 *
 * @param storageDir     where uploads are stored ({@code uploads/<id>/{info,data}}, {@code locks/}); default
 *                       {@code <pipeline.data-dir>/tus}
 * @param maxSize        largest upload accepted (413 above it)
 * @param expiry         an unfinished upload untouched this long is removed by the sweep
 * @param sweepInterval  how often the sweep runs
 * @param grantSecret    shared secret the website signs upload grants with ({@code UPLOAD_GRANT_SECRET}); null:
 *                       every creation is refused with 401
 * @param allowedOrigins browser origins (e.g. {@code https://academy.example}) allowed by CORS; {@code *} for any
 */
@ConfigurationProperties("pipeline.tus")
public record TusSettings(
        Path storageDir,
        @DefaultValue("20GB") DataSize maxSize,
        @DefaultValue("24h") Duration expiry,
        @DefaultValue("15m") Duration sweepInterval,
        String grantSecret,
        List<String> allowedOrigins) {

    /** Where the tus server is mounted; also its upload URI prefix. */
    public static final String PATH = "/tusupload";

    public TusSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        storageDir = storageDir == null ? null : storageDir.toAbsolutePath().normalize();
    }

    /** The storage directory, defaulting to {@code <dataDir>/tus}. */
    public Path storageDirOr(Path dataDir) {
        return storageDir != null ? storageDir : dataDir.resolve("tus");
    }

    @Override
    public String toString() {
        return "TusSettings[storageDir=" + storageDir + ", maxSize=" + maxSize + ", expiry=" + expiry
                + ", sweepInterval=" + sweepInterval + ", grantSecret=" + (grantSecret == null ? "null" : "***")
                + ", allowedOrigins=" + allowedOrigins + "]";
    }
}
