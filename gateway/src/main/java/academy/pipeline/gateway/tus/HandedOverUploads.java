package academy.pipeline.gateway.tus;

import me.desair.tus.server.upload.UploadId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The uploads this gateway handed over lately, so that a client's request after the last byte (tus-java-client
 * sends an empty PATCH when the file ends on a request boundary; a browser may HEAD once more) is answered with
 * the final offset even after stage-download has taken the files away. Bounded; forgotten on restart, when such a
 * request gets the 404 the tus protocol allows for an upload that is gone.
 */
final class HandedOverUploads {

    /** A handed-over upload: whose it was and how long. */
    record HandedOver(String owner, long length) {
    }

    private static final int REMEMBERED = 1024;

    private final Map<String, HandedOver> uploads = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HandedOver> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized void remember(UploadId id, String owner, long length) {
        uploads.put(id.toString(), new HandedOver(owner, length));
    }

    /** The handed-over upload, if it was this owner's. */
    synchronized Optional<HandedOver> find(UploadId id, String owner) {
        return Optional.ofNullable(id == null ? null : uploads.get(id.toString()))
                .filter(upload -> upload.owner().equals(owner));
    }
}
