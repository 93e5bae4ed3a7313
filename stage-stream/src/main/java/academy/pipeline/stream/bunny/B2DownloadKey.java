package academy.pipeline.stream.bunny;


import java.net.URI;

/**
 * {@code pipeline.stream.bunny.b2.*}: the B2 application key the stream stage uses, in fetch mode, to sign download
 * authorizations for Bunny. It needs the {@code shareFiles} capability on the archive bucket (least privilege: a key
 * with only {@code shareFiles} and {@code listBuckets}, restricted to that bucket).
 *
 * @param applicationKeyId key id; null falls back to {@code pipeline.archive.b2.application-key-id}
 * @param applicationKey   the key (secret: never logged, never in events); null falls back likewise
 * @param masterUrl        B2 master URL; null falls back to {@code pipeline.archive.b2.master-url}, then B2's
 */
record B2DownloadKey(String applicationKeyId, String applicationKey, URI masterUrl) {

    static final URI DEFAULT_MASTER_URL = URI.create("https://api.backblazeb2.com/");

    boolean configured() {
        return applicationKeyId != null && !applicationKeyId.isBlank() && applicationKey != null
                && !applicationKey.isBlank();
    }

    @Override
    public String toString() {
        return "B2DownloadKey[applicationKeyId=" + applicationKeyId + ", masterUrl=" + masterUrl + ", applicationKey=***]";
    }
}
