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
 * @param lockWait       how long a PATCH or DELETE waits for another request on the same upload to finish (else 423)
 * @param maxUploadsPerGrant how many uploads one ace_id may have in the store at once (finished or not; 429 above)
 * @param maxBytesPerGrant   how many bytes the uploads of one ace_id may declare in total (413 above)
 * @param metadataKeys   {@code Upload-Metadata} keys accepted besides {@code ace_id}, {@code title}, {@code filename},
 *                       {@code filetype} (others: 400); they become recording attributes
 */
@ConfigurationProperties("pipeline.tus")
public record TusSettings(
        Path storageDir,
        @DefaultValue("20GB") DataSize maxSize,
        @DefaultValue("24h") Duration expiry,
        @DefaultValue("15m") Duration sweepInterval,
        String grantSecret,
        List<String> allowedOrigins,
        @DefaultValue("5s") Duration lockWait,
        @DefaultValue("20") int maxUploadsPerGrant,
        @DefaultValue("40GB") DataSize maxBytesPerGrant,
        List<String> metadataKeys) {

    /** Where the tus server is mounted; also its upload URI prefix. */
    public static final String PATH = "/tusupload";

    public TusSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        metadataKeys = metadataKeys == null ? List.of() : List.copyOf(metadataKeys);
        if (maxUploadsPerGrant < 1) {
            throw new IllegalArgumentException("pipeline.tus.max-uploads-per-grant must be at least 1");
        }
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
                + ", allowedOrigins=" + allowedOrigins + ", lockWait=" + lockWait
                + ", maxUploadsPerGrant=" + maxUploadsPerGrant + ", maxBytesPerGrant=" + maxBytesPerGrant
                + ", metadataKeys=" + metadataKeys + "]";
    }
}
