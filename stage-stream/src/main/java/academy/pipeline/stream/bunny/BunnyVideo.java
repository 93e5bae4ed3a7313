package academy.pipeline.stream.bunny;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of Bunny's VideoModel the provider reads.
 *
 * @param guid                 the video id
 * @param status               0 Created, 1 Uploaded, 2 Processing, 3 Transcoding, 4 Finished, 5 Error,
 *                             6 UploadFailed, 7 JitSegmenting, 8 JitPlaylistsCreated
 * @param availableResolutions comma-separated encoded resolutions, or null/empty before the first one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record BunnyVideo(String guid, String title, int status, String availableResolutions, long storageSize) {

    static final int CREATED = 0;
    static final int FINISHED = 4;
    static final int ERROR = 5;
    static final int UPLOAD_FAILED = 6;

    /** Bunny has all the bytes (it is processing, encoding or done). */
    boolean uploaded() {
        return status != CREATED && !failed();
    }

    boolean failed() {
        return status == ERROR || status == UPLOAD_FAILED;
    }

    /** Finished, or encoding with at least one resolution ready (Bunny plays those already). */
    boolean playable() {
        return status == FINISHED
                || (uploaded() && availableResolutions != null && !availableResolutions.isBlank());
    }
}
