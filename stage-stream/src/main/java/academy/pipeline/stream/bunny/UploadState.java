package academy.pipeline.stream.bunny;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an attempt leaves in the recording's spool directory so the next attempt resumes it instead of creating a
 * second video.
 *
 * @param libraryId the library the video was created in
 * @param videoId   the video's guid; null only for a fetch that was requested but whose answer is not recorded
 * @param uploadUrl the tus upload URL, or null while no upload was created yet (and always in fetch mode)
 * @param fetch     true when Bunny was asked to fetch the file (fetch mode), null for a tus upload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record UploadState(String libraryId, String videoId, String uploadUrl, Boolean fetch) {

    static UploadState uploading(String libraryId, String videoId) {
        return new UploadState(libraryId, videoId, null, null);
    }

    /** Written just before the fetch request: a later attempt that finds it knows a fetch may have started. */
    static UploadState fetchRequested(String libraryId) {
        return new UploadState(libraryId, null, null, true);
    }

    static UploadState fetching(String libraryId, String videoId) {
        return new UploadState(libraryId, videoId, null, true);
    }

    UploadState withUploadUrl(String url) {
        return new UploadState(libraryId, videoId, url, fetch);
    }

    boolean fetched() {
        return Boolean.TRUE.equals(fetch);
    }
}
