package academy.pipeline.stream.bunny;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

/**
 * {@code pipeline.stream.bunny.*}: the Bunny Stream library the stream stage uploads to. The provider is active
 * when both {@code library-id} and {@code api-key} are set (env {@code BUNNY_LIBRARY_ID}, {@code BUNNY_API_KEY}).
 *
 * @param libraryId         the video library's id
 * @param apiKey            the library's API key (not the account key); never logged
 * @param apiUrl            Stream API base URL
 * @param tusUrl            tus upload-creation URL
 * @param collectionId      collection new videos go into, unless the event's {@code bunnyCollectionId}
 *                          attribute names one; null for none
 * @param chunkSize         bytes tus-java-client writes per call (its buffer size)
 * @param requestSize       body bytes per tus PATCH request
 * @param signatureLifetime lifetime of each upload signature; requests are re-signed when half of it has passed
 * @param playUrl           template of the play URL, with {@code {libraryId}} and {@code {videoId}}
 * @param embedUrl          template of the iframe embed URL, with the same placeholders
 * @param waitUntilPlayable whether the step waits until Bunny reports the video playable before it completes
 * @param playableTimeout   longest such wait
 * @param pollInterval      how often the wait (and, in fetch mode, the follow-up of the fetch) asks Bunny for the
 *                          video's status
 * @param mode              {@code upload}: the stage sends the spooled file over tus; {@code fetch}: Bunny pulls the
 *                          archived file from its B2 download URL
 * @param fetchTimeout      in fetch mode, how long the step follows a fetch until Bunny has stored the file (capped by
 *                          the stage's time limit; a retry keeps following the same video). Also the lifetime of the
 *                          B2 download authorization handed to Bunny
 * @param b2                the B2 key that signs download authorizations in fetch mode; unset: the archive's key
 *                          ({@code pipeline.archive.b2.*}), or none for a public bucket
 */
@ConfigurationProperties("pipeline.stream.bunny")
public record BunnySettings(
        String libraryId,
        String apiKey,
        @DefaultValue("https://video.bunnycdn.com") URI apiUrl,
        @DefaultValue("https://video.bunnycdn.com/tusupload") URI tusUrl,
        String collectionId,
        @DefaultValue("2MB") DataSize chunkSize,
        @DefaultValue("32MB") DataSize requestSize,
        @DefaultValue("1h") Duration signatureLifetime,
        @DefaultValue("https://iframe.mediadelivery.net/play/{libraryId}/{videoId}") String playUrl,
        @DefaultValue("https://iframe.mediadelivery.net/embed/{libraryId}/{videoId}") String embedUrl,
        @DefaultValue("false") boolean waitUntilPlayable,
        @DefaultValue("30m") Duration playableTimeout,
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("upload") Mode mode,
        @DefaultValue("6h") Duration fetchTimeout,
        B2DownloadKey b2) {

    /** How the recording's bytes get to Bunny. */
    public enum Mode {
        /** The stage uploads the spooled file over tus. */
        UPLOAD,
        /** Bunny fetches the archived file from B2: the server sends each recording once. */
        FETCH
    }

    public BunnySettings {
        if (chunkSize.toBytes() <= 0 || requestSize.toBytes() < chunkSize.toBytes()
                || requestSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pipeline.stream.bunny: need 0 < chunk-size <= request-size < 2 GB, got "
                    + "chunk-size=" + chunkSize + ", request-size=" + requestSize);
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero() || fetchTimeout.compareTo(Duration.ofDays(7)) > 0) {
            // B2 download authorizations live at most a week
            throw new IllegalArgumentException("pipeline.stream.bunny.fetch-timeout must be between 1s and 7d, got "
                    + fetchTimeout);
        }
    }

    @Override
    public String toString() {
        return "BunnySettings[libraryId=" + libraryId + ", apiUrl=" + apiUrl + ", tusUrl=" + tusUrl + ", mode=" + mode
                + ", apiKey=***]";
    }

    String playUrlOf(String videoId) {
        return fill(playUrl, videoId);
    }

    String embedUrlOf(String videoId) {
        return fill(embedUrl, videoId);
    }

    private String fill(String template, String videoId) {
        return template.replace("{libraryId}", libraryId).replace("{videoId}", videoId);
    }
}
