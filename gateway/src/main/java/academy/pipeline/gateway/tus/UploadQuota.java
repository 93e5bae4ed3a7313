package academy.pipeline.gateway.tus;

import academy.pipeline.gateway.web.ApiException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadType;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one grant (one ace_id) may put on disk: at most {@code maxUploads} uploads in the store at once, and at most
 * {@code maxBytes} bytes over all of them (declared lengths; a deferred-length upload counts what it received).
 * Also the rules of a final (concatenated) upload: every part named once, existing, of this grant, a finished
 * partial upload, and their sum within the upload limit. The caller holds the ace_id's lock, so two creations of
 * one grant do not both pass.
 */
final class UploadQuota {

    private final TusUploadStore store;
    private final int maxUploads;
    private final long maxBytes;

    UploadQuota(TusUploadStore store, int maxUploads, long maxBytes) {
        this.store = store;
        this.maxUploads = maxUploads;
        this.maxBytes = maxBytes;
    }

    /** Refuses a new upload of {@code newBytes} declared bytes when the grant's count or byte budget is spent. */
    void checkCreation(String aceId, long newBytes) throws IOException {
        List<UploadInfo> uploads = store.uploadsOf(aceId);
        if (uploads.size() >= maxUploads) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_uploads",
                    "this grant already has " + uploads.size() + " uploads (at most " + maxUploads + ")");
        }
        checkBytes(bytesOf(uploads, null) + newBytes);
    }

    /** Bytes a deferred-length upload may still receive within the grant's byte budget. */
    long bytesLeft(String aceId, UploadId upload) throws IOException {
        return Math.max(0, maxBytes - bytesOf(store.uploadsOf(aceId), upload));
    }

    /** Refuses a length declared later (deferred) that would overspend the grant's byte budget. */
    void checkDeclaredLength(String aceId, UploadId upload, long length) throws IOException {
        checkBytes(bytesOf(store.uploadsOf(aceId), upload) + length);
    }

    private void checkBytes(long total) {
        if (total > maxBytes) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "grant_quota_exceeded",
                    "the uploads of this grant would hold " + total + " bytes (at most " + maxBytes + ")");
        }
    }

    /** Bytes the uploads hold or will hold; {@code except} (an upload being checked itself) is left out. */
    private static long bytesOf(List<UploadInfo> uploads, UploadId except) {
        long total = 0;
        for (UploadInfo info : uploads) {
            if (info.getId().equals(except)) {
                continue;
            }
            total += info.hasLength() ? info.getLength() : info.getOffset();
        }
        return total;
    }

    /**
     * Checks the parts of a final upload ({@code Upload-Concat: final;<urls>}) and answers their total length.
     *
     * @param limit the largest upload the grant and the server allow
     */
    long checkFinal(String concatHeader, String aceId, long limit) throws IOException {
        String list = concatHeader.substring(concatHeader.indexOf(';') + 1).strip();
        if (list.isEmpty()) {
            throw ApiException.badRequest("bad_concat", "Upload-Concat: final needs the URLs of its partial uploads");
        }
        Set<UploadId> seen = new HashSet<>();
        long total = 0;
        for (String url : list.split("\\s+")) {
            UploadId id = store.idOf(url);
            if (id == null) {
                throw ApiException.badRequest("partial_not_found", "no partial upload at " + url);
            }
            if (!seen.add(id)) {
                throw ApiException.badRequest("repeated_partial", "partial upload " + url + " is named twice");
            }
            UploadInfo part = store.read(id, aceId).orElseThrow(() ->
                    ApiException.badRequest("partial_not_found", "no partial upload at " + url + " for this grant"));
            if (part.getUploadType() != UploadType.PARTIAL) {
                throw ApiException.badRequest("not_a_partial", url + " is not a partial upload (Upload-Concat: partial)");
            }
            if (part.isUploadInProgress() || !part.hasLength()) {
                throw ApiException.badRequest("partial_unfinished", "partial upload " + url + " is not finished "
                        + "(concatenation-unfinished is not supported)");
            }
            total += part.getLength();
            if (total > limit) {
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload_too_large",
                        "the partial uploads add up to more than the maximum of " + limit + " bytes");
            }
        }
        return total;
    }
}
