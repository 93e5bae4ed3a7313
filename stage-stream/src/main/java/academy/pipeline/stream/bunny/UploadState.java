package academy.pipeline.stream.bunny;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an upload attempt leaves in the recording's spool directory so the next attempt resumes it.
 *
 * @param libraryId the library the video was created in
 * @param videoId   the created video's guid
 * @param uploadUrl the tus upload URL, or null while no upload was created yet
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record UploadState(String libraryId, String videoId, String uploadUrl) {

    UploadState withUploadUrl(String url) {
        return new UploadState(libraryId, videoId, url);
    }
}
